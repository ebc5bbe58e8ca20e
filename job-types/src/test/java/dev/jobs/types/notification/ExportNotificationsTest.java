package dev.jobs.types.notification;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which owners' addresses get the export mail. */
class ExportNotificationsTest {

	@Test
	void realAddressesGetMailAndReservedInvalidOnesDoNot() {
		assertThat(ExportNotifications.deliverable("wangfang@company.cn")).isTrue();
		assertThat(ExportNotifications.deliverable("manager@demo.invalid")).isFalse();
		assertThat(ExportNotifications.deliverable("someone@HOST.INVALID")).isFalse();
		assertThat(ExportNotifications.deliverable(" ")).isFalse();
		assertThat(ExportNotifications.deliverable(null)).isFalse();
	}

}

package dev.jobs.types.operationlog;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Retention and the journal's bound must be positive: checked at start, naming the property. */
class OperationLogPropertiesTest {

	@Test
	void defaultsKeepNinetyDaysAndAGigabyteOfJournal() {
		OperationLogProperties properties = new OperationLogProperties();
		assertThatCode(properties::validate).doesNotThrowAnyException();
		org.assertj.core.api.Assertions.assertThat(properties.getRetention()).isEqualTo(Duration.ofDays(90));
		org.assertj.core.api.Assertions.assertThat(properties.getJournalMaxSize()).isEqualTo(DataSize.ofGigabytes(1));
	}

	@Test
	void aRetentionThatIsNotPositiveStopsTheStart() {
		OperationLogProperties properties = new OperationLogProperties();
		properties.setRetention(Duration.ZERO);
		assertThatIllegalStateException().isThrownBy(properties::validate)
			.withMessageContaining("jobs.operation-log.retention is PT0S");
		properties.setRetention(Duration.ofDays(-1));
		assertThatIllegalStateException().isThrownBy(properties::validate)
			.withMessageContaining("jobs.operation-log.retention");
	}

	@Test
	void aJournalBoundThatIsNotPositiveStopsTheStart() {
		OperationLogProperties properties = new OperationLogProperties();
		properties.setJournalMaxSize(DataSize.ofBytes(0));
		assertThatIllegalStateException().isThrownBy(properties::validate)
			.withMessageContaining("jobs.operation-log.journal-max-size");
	}

	@Test
	void aRetentionBatchOutOfRangeStopsTheStart() {
		OperationLogProperties properties = new OperationLogProperties();
		properties.setRetentionBatchSize(0);
		assertThatIllegalStateException().isThrownBy(properties::validate)
			.withMessageContaining("jobs.operation-log.retention-batch-size");
	}

}

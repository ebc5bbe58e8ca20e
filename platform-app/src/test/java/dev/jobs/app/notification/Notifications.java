package dev.jobs.app.notification;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.app.TestMailServer;
import dev.jobs.core.JobContext;
import dev.jobs.core.SubmitOptions;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.awaitility.Awaitility.await;

/** Test helpers for notification tests: the mails GreenMail received, a hand-made job context. */
final class Notifications {

	private Notifications() {
	}

	/** The mails of one notification job (found by the Message-ID the platform derives from the job id). */
	static List<MimeMessage> mailsOf(UUID jobId) {
		String messageId = "<" + jobId + ".notification@localhost>";
		return Arrays.stream(TestMailServer.get().getReceivedMessages())
			.filter(m -> messageId.equals(header(m, "Message-ID")))
			.toList();
	}

	/** Waits until the job's mail arrived, and returns it. */
	static MimeMessage awaitMail(UUID jobId) {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> mailsOf(jobId).stream().findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	static String header(MimeMessage message, String name) {
		try {
			String[] values = message.getHeader(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static SubmitOptions as(String username) {
		return SubmitOptions.defaults().withCreatedBy(username);
	}

}

package dev.jobs.app.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.TestMailServer;
import dev.jobs.app.notification.ScriptedSmtpServer.Ending;
import dev.jobs.core.JobHandler;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.test.TestJobContext;
import dev.jobs.types.notification.Channel;
import dev.jobs.types.notification.Notification;
import dev.jobs.types.notification.NotificationPayload;
import dev.jobs.types.notification.NotificationTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.jobs.app.notification.Notifications.mailsOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an email notification does when the mail server's answer is lost (docs/NOTIFICATIONS.md, "Sent
 * once"): a real SMTP conversation with a server on this machine that takes the whole message and then
 * answers too late or resets the connection, and a send record whose write fails after the server took
 * the mail. For each: where the job ends and how many mails the server received.
 */
class NotificationEmailOutcomeIntegrationTest extends IntegrationTest {

	private static final Duration ENDED = Duration.ofSeconds(90);

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	@Test
	void mailAcceptedOnlyAfterTheReadTimeoutIsRecordedUncertainWarnedCountedAndNotSentAgain() throws Exception {
		// The client's read timeout (mail.smtp.timeout) is the application's: 10 s.
		try (ScriptedSmtpServer server = instead(Ending.ACCEPT_AFTER_CLIENT_TIMEOUT)) {
			double uncertainBefore = uncertain();
			JobView job = sendAndAwaitEnd(server, "late-answer");

			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.result().get("outcome").asString()).isEqualTo("UNCERTAIN");
			assertThat(job.result().get("reason").asString()).contains("did not answer in time");
			assertThat(server.receivedContaining(job.id().toString())).as("mails the server received").isEqualTo(1);
			assertThat(deliveryStatus(job.id())).isEqualTo("UNCERTAIN");
			assertThat(uncertain() - uncertainBefore).isEqualTo(1.0);

			// A later attempt of the same job (a redelivery, a person's retry) finds the record and sends nothing.
			TestJobContext again = TestJobContext.of(Notification.TYPE).withJobId(job.id()).withAttempt(2, 3);
			notificationHandler().handle(payload("late-answer"), again);
			assertThat(again.result(Map.class)).containsEntry("outcome", "UNCERTAIN");
			assertThat(server.receivedContaining(job.id().toString())).isEqualTo(1);
		}
	}

	@Test
	void connectionResetAfterTheWholeMessageWasSentIsRecordedUncertainAndNotSentAgain() {
		try (ScriptedSmtpServer server = instead(Ending.RESET_AFTER_DATA)) {
			double uncertainBefore = uncertain();
			JobView job = sendAndAwaitEnd(server, "reset-after-data");

			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.result().get("outcome").asString()).isEqualTo("UNCERTAIN");
			assertThat(server.receivedContaining(job.id().toString())).as("mails the server received").isEqualTo(1);
			assertThat(deliveryStatus(job.id())).isEqualTo("UNCERTAIN");
			assertThat(uncertain() - uncertainBefore).isEqualTo(1.0);
		}
	}

	@Test
	void connectionResetBeforeTheMessageWasSentIsRetriedAndTheMailSentOnce() {
		try (ScriptedSmtpServer server = instead(Ending.RESET_BEFORE_DATA)) {
			JobView job = sendAndAwaitEnd(server, "reset-before-data");

			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).as("the refused attempt was retried").isEqualTo(2);
			assertThat(job.result().get("outcome").asString()).isEqualTo("SENT");
			assertThat(server.receivedContaining(job.id().toString())).as("mails the server received").isEqualTo(1);
			assertThat(deliveryStatus(job.id())).isEqualTo("SENT");
		}
	}

	@Test
	void mailTheServerTookBeforeTheConnectionWasResetAtQuitIsSentOnce() {
		try (ScriptedSmtpServer server = instead(Ending.RESET_AT_QUIT)) {
			JobView job = sendAndAwaitEnd(server, "reset-at-quit");

			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.result().get("outcome").asString()).isEqualTo("SENT");
			assertThat(server.receivedContaining(job.id().toString())).as("mails the server received").isEqualTo(1);
			assertThat(deliveryStatus(job.id())).isEqualTo("SENT");
		}
	}

	@Test
	void sendRecordThatFailsAfterTheServerTookTheMailIsWrittenAgainAndTheMailNotResent() {
		// The database refuses the first two writes of this mail's SENT record (after the server said 250).
		String address = "record-fails-" + UUID.randomUUID() + "@example.org";
		String name = "test_mark_sent_" + UUID.randomUUID().toString().replace("-", "");
		jdbc.sql("create sequence " + name).update();
		jdbc.sql("""
				create function %1$s() returns trigger language plpgsql as $$
				begin
				    if nextval('%1$s') <= 2 then
				        raise exception 'the database refuses the record (test)';
				    end if;
				    return new;
				end
				$$""".formatted(name)).update();
		jdbc.sql("""
				create trigger %1$s before update on {jobs}.notification_delivery for each row
				when (new.status = 'SENT' and new.recipient = '%2$s') execute function %1$s()
				""".formatted(name, address)).update();
		try {
			UUID id = jobs.submit("NOTIFICATION", Map.of("channel", "EMAIL", "recipient", address, "template",
					"GENERIC", "params", Map.of("subject", "Once", "body", "despite the database")),
					SubmitOptions.defaults().withMaxAttempts(3)).id();
			JobView job = awaitStatus(id, Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED), ENDED);

			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.result().get("outcome").asString()).isEqualTo("SENT");
			assertThat(mailsOf(id)).as("mails the server received").hasSize(1);
			assertThat(deliveryStatus(id)).isEqualTo("SENT");
		}
		finally {
			jdbc.sql("drop trigger if exists " + name + " on {jobs}.notification_delivery").update();
			jdbc.sql("drop function if exists " + name + "()").update();
			jdbc.sql("drop sequence if exists " + name).update();
		}
	}

	/** Stops the shared GreenMail and listens on its port (the application's mail server) instead. */
	private static ScriptedSmtpServer instead(Ending... script) {
		int port = TestMailServer.port();
		TestMailServer.stop();
		return new ScriptedSmtpServer(port, TestMailServer::start, script);
	}

	private JobView sendAndAwaitEnd(ScriptedSmtpServer server, String subject) {
		UUID id = jobs.submit("NOTIFICATION", Map.of("channel", "EMAIL", "recipient", "someone@example.org",
				"template", "GENERIC", "params", Map.of("subject", subject, "body", "test")),
				SubmitOptions.defaults().withMaxAttempts(3)).id();
		JobView job = awaitStatus(id, Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED), ENDED);
		System.out.printf("%s: job %s ended %s after %d attempt(s), result %s; the server received %d mail(s)%n",
				subject, id, job.status(), job.attempt(), job.result(), server.receivedContaining(id.toString()));
		return job;
	}

	private static NotificationPayload payload(String subject) {
		return new NotificationPayload(Channel.EMAIL, "someone@example.org", NotificationTemplate.GENERIC,
				Map.of("subject", subject, "body", "test"), null);
	}

	private String deliveryStatus(UUID jobId) {
		return jdbc.sql("select status from {jobs}.notification_delivery where job_id = :id and channel = 'EMAIL'")
			.param("id", jobId)
			.query(String.class)
			.single();
	}

	private double uncertain() {
		return meters.counter("jobs.notifications.uncertain", "channel", "EMAIL").count();
	}

	@SuppressWarnings("unchecked")
	private JobHandler<NotificationPayload> notificationHandler() {
		return context.getBeansOfType(JobHandler.class)
			.values()
			.stream()
			.filter(h -> h.type().equals(Notification.TYPE.name()))
			.findFirst()
			.orElseThrow();
	}

}

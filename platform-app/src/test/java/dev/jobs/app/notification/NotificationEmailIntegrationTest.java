package dev.jobs.app.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.IntegrationTest;
import dev.jobs.app.TestMailServer;
import dev.jobs.core.JobHandler;
import dev.jobs.test.TestJobContext;
import dev.jobs.types.notification.Notification;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.delivery.JobTopology;
import dev.jobs.types.notification.Channel;
import dev.jobs.types.notification.NotificationPayload;
import dev.jobs.types.notification.NotificationTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.jobs.app.notification.Notifications.awaitMail;
import static dev.jobs.app.notification.Notifications.mailsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** NOTIFICATION by email, end to end: job → templates → SMTP (GreenMail in this JVM). */
class NotificationEmailIntegrationTest extends IntegrationTest {

	private static final String ADDRESS = "test-user@example.com";

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JobTopology topology;

	@Autowired
	ConnectionFactory connectionFactory;

	@BeforeEach
	void userWithAddressAndNoLanguage() {
		jdbc.sql("update app_user set email = :email, locale = null where username = :username")
			.param("email", ADDRESS)
			.param("username", Account.USER.username())
			.update();
		jdbc.sql("delete from {jobs}.notification_preference where user_id = (select id from app_user where username = :u and not deleted)")
			.param("u", Account.USER.username())
			.update();
	}

	@Test
	void exportReadyMailIsChineseByDefaultWithTextAndHtmlAlternatives() throws Exception {
		JobView job = runToSuccess("NOTIFICATION", exportReady(Account.USER.username(), null));

		MimeMessage mail = awaitMail(job.id());
		assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
			.containsExactly(ADDRESS);
		assertThat(mail.getSubject()).isEqualTo("您的导出文件 用户信息_20261130.xlsx 已生成");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		List<BodyPart> parts = parts(mail);
		assertThat(parts).hasSize(2);
		assertThat(parts.get(0).getContentType()).startsWith("text/plain");
		assertThat((String) parts.get(0).getContent()).contains("您的导出文件 用户信息_20261130.xlsx 已生成",
				"https://jobs.example.com/api/jobs/42/result", "任务编号：42");
		assertThat(parts.get(1).getContentType()).startsWith("text/html");
		assertThat((String) parts.get(1).getContent()).contains("<strong>用户信息_20261130.xlsx</strong>",
				"href=\"https://jobs.example.com/api/jobs/42/result\"");
		assertThat(job.result().get("outcome").asString()).isEqualTo("SENT");
		assertThat(job.result().get("locale").asString()).isEqualTo("zh-CN");
	}

	@Test
	void mailIsInTheRecipientsLanguageUnlessThePayloadNamesOne() throws Exception {
		jdbc.sql("update app_user set locale = 'en' where username = :u").param("u", Account.USER.username()).update();

		MimeMessage english = awaitMail(runToSuccess("NOTIFICATION", exportReady(Account.USER.username(), null)).id());
		MimeMessage chinese = awaitMail(runToSuccess("NOTIFICATION", exportReady(Account.USER.username(), "zh-CN")).id());

		assertThat(english.getSubject()).isEqualTo("Your export 用户信息_20261130.xlsx is ready");
		assertThat((String) parts(english).get(0).getContent()).contains("your export 用户信息_20261130.xlsx is ready");
		assertThat((String) parts(english).get(1).getContent()).contains("<html lang=\"en\">");
		assertThat(chinese.getSubject()).isEqualTo("您的导出文件 用户信息_20261130.xlsx 已生成");
	}

	@Test
	void exportFailedAndGenericMailsGoToOutsideAddressesToo() throws Exception {
		JobView failed = runToSuccess("NOTIFICATION", Map.of("channel", "EMAIL", "recipient", "someone@example.org",
				"template", "EXPORT_FAILED", "params", Map.of("jobId", "7", "reason", "磁盘已满"), "locale", "en"));
		JobView generic = runToSuccess("NOTIFICATION", Map.of("channel", "EMAIL", "recipient", "someone@example.org",
				"template", "GENERIC", "params", Map.of("subject", "Maintenance <tonight>", "body", "Back at 02:00.")));

		MimeMessage failedMail = awaitMail(failed.id());
		assertThat(failedMail.getSubject()).isEqualTo("Your export failed");
		assertThat((String) parts(failedMail).get(0).getContent()).contains("(job 7) failed: 磁盘已满");
		MimeMessage genericMail = awaitMail(generic.id());
		assertThat(genericMail.getSubject()).isEqualTo("Maintenance <tonight>");
		assertThat((String) parts(genericMail).get(1).getContent()).contains("Maintenance &lt;tonight&gt;",
				"Back at 02:00.");
	}

	@Test
	void aNotificationRunTwiceForTheSameJobSendsOneMail() throws Exception {
		JobHandler<NotificationPayload> handler = notificationHandler();
		NotificationPayload payload = new NotificationPayload(Channel.EMAIL, Account.USER.username(),
				NotificationTemplate.GENERIC, Map.of("subject", "Once", "body", "only once"), null);
		UUID jobId = UUID.randomUUID();
		double sentBefore = sentCount();

		// Attempt 1 sends and records, then (say) the worker dies before the job is completed; the
		// message is redelivered and attempt 2 runs the same notification.
		TestJobContext first = TestJobContext.of(Notification.TYPE).withJobId(jobId).withAttempt(1, 3);
		handler.handle(payload, first);
		TestJobContext second = TestJobContext.of(Notification.TYPE).withJobId(jobId).withAttempt(2, 3);
		handler.handle(payload, second);

		awaitMail(jobId);
		assertThat(result(first)).containsEntry("outcome", "SENT");
		assertThat(result(second)).containsEntry("outcome", "ALREADY_SENT");
		assertThat(mailsOf(jobId)).hasSize(1);
		assertThat(sentCount() - sentBefore).isEqualTo(1.0);
		assertThat(jdbc.sql("select status from {jobs}.notification_delivery where job_id = :id and channel = 'EMAIL'")
			.param("id", jobId)
			.query(String.class)
			.single()).isEqualTo("SENT");
	}

	@Test
	void anAttemptThatDiedBetweenClaimAndRecordIsSentAgainAtLeastOnce() throws Exception {
		UUID jobId = UUID.randomUUID();
		// Attempt 1 claimed the send and died: the SMTP server may or may not have taken the mail.
		jdbc.sql("insert into {jobs}.notification_delivery (job_id, channel, status, attempt, recipient) "
				+ "values (:id, 'EMAIL', 'SENDING', 1, :to)")
			.param("id", jobId)
			.param("to", ADDRESS)
			.update();

		TestJobContext second = TestJobContext.of(Notification.TYPE).withJobId(jobId).withAttempt(2, 3);
		notificationHandler().handle(new NotificationPayload(Channel.EMAIL, Account.USER.username(),
				NotificationTemplate.GENERIC, Map.of("subject", "Again", "body", "maybe twice"), null), second);

		awaitMail(jobId);
		assertThat(result(second)).containsEntry("outcome", "SENT");
		assertThat(jdbc.sql("select status || '/' || attempt from {jobs}.notification_delivery where job_id = :id")
			.param("id", jobId)
			.query(String.class)
			.single()).isEqualTo("SENT/2");
	}

	@Test
	void mailServerDownFailsTheJobAfterItsRetriesAndParksItInTheDeadLetterQueue() {
		double failedBefore = meters.counter("jobs.notifications.failed", "channel", "EMAIL").count();
		int port = TestMailServer.port();
		TestMailServer.stop();
		JobView job;
		try {
			UUID id = jobs.submit("NOTIFICATION", exportReady(Account.USER.username(), null),
					SubmitOptions.defaults().withMaxAttempts(2)).id();
			job = awaitStatus(id, Set.of(JobStatus.FAILED), Duration.ofSeconds(30));
		}
		finally {
			TestMailServer.start();
		}

		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.lastError()).contains("SMTP server 127.0.0.1:" + port + " refused the connection");
		assertThat(meters.counter("jobs.notifications.failed", "channel", "EMAIL").count() - failedBefore)
			.isEqualTo(2.0);
		assertThat(deadLetterJobIds(job.id())).contains(job.id().toString());
		assertThat(jdbc.sql("select count(*) from {jobs}.notification_delivery where job_id = :id")
			.param("id", job.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aChannelTheRecipientOptedOutOfIsSkippedAndTheJobSucceeds() {
		assertThat(put("/api/notification-preferences", "{\"EXPORT\": {\"EMAIL\": false}}", Account.USER)
			.statusCode()).isEqualTo(200);

		JobView job = runToSuccess("NOTIFICATION", exportReady(Account.USER.username(), null));
		JobView generic = runToSuccess("NOTIFICATION", Map.of("channel", "EMAIL", "recipient", Account.USER.username(),
				"template", "GENERIC", "params", Map.of("subject", "Still wanted", "body", "general category")));

		assertThat(job.result().get("outcome").asString()).isEqualTo("SKIPPED");
		assertThat(job.result().get("reason").asString()).startsWith("skipped by preference");
		awaitMail(generic.id());
		assertThat(mailsOf(job.id())).isEmpty();
	}

	private java.net.http.HttpResponse<byte[]> put(String path, String body, Account account) {
		return send(java.net.http.HttpRequest.newBuilder(url(path))
			.header("Authorization", account.basic())
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
	}

	private static Map<String, Object> exportReady(String recipient, String locale) {
		Map<String, Object> payload = new java.util.HashMap<>(Map.of("channel", "EMAIL", "recipient", recipient,
				"template", "EXPORT_READY", "params", Map.of("fileName", "用户信息_20261130.xlsx", "downloadUrl",
						"https://jobs.example.com/api/jobs/42/result", "jobId", "42")));
		if (locale != null) {
			payload.put("locale", locale);
		}
		return payload;
	}

	private double sentCount() {
		return meters.counter("jobs.notifications.sent", "channel", "EMAIL").count();
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

	@SuppressWarnings("unchecked")
	private static Map<String, Object> result(TestJobContext context) {
		return (Map<String, Object>) context.result(Map.class);
	}

	/** Reads the type's dead-letter queue (consuming it: the queue is this build's own) for the job. */
	private List<String> deadLetterJobIds(UUID jobId) {
		RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
		List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			org.awaitility.Awaitility.await("a dead letter for " + jobId)
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.pollInSameThread() // the template's receive on the test's own thread, as a loop would
				.until(() -> {
					Message message = rabbit.receive(topology.deadLetterQueue("NOTIFICATION"), 500);
					if (message != null) {
						ids.add(json.readTree(message.getBody()).get("jobId").asString());
					}
					return ids.contains(jobId.toString());
				});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// the caller's assertion on the ids says what was wanted
		}
		return ids;
	}

	private static List<BodyPart> parts(MimeMessage mail) throws Exception {
		MimeMultipart multipart = (MimeMultipart) mail.getContent();
		List<BodyPart> parts = new ArrayList<>();
		for (int i = 0; i < multipart.getCount(); i++) {
			parts.add(multipart.getBodyPart(i));
		}
		return parts;
	}

}

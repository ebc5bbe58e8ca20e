package dev.jobs.app.notification;

import java.util.Map;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.InvalidJobPayloadException;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What POST /api/jobs (and JobClient) refuse before a NOTIFICATION job exists, and who may submit one. */
class NotificationSubmissionIntegrationTest extends IntegrationTest {

	@BeforeEach
	void otherUserHasNoAddress() {
		jdbc.sql("update app_user set email = null where username = :u").param("u", Account.OTHER_USER.username()).update();
	}

	@Test
	void anUnknownTemplateIsRefusedNamingTheField() {
		JsonNode error = refused("""
				{"channel": "EMAIL", "recipient": "a@example.com", "template": "WELCOME", "params": {}}""");
		assertThat(error.get("field").asString()).isEqualTo("payload.template");
		assertThat(error.get("reason").asString()).contains("WELCOME", "EXPORT_READY", "EXPORT_FAILED", "GENERIC");
	}

	@Test
	void aMissingTemplateParameterIsRefusedNamingIt() {
		JsonNode error = refused("""
				{"channel": "EMAIL", "recipient": "a@example.com", "template": "EXPORT_READY",
				 "params": {"fileName": "a.xlsx", "jobId": "1"}}""");
		assertThat(error.get("field").asString()).isEqualTo("payload.params.downloadUrl");
		assertThat(error.get("reason").asString()).isEqualTo("is required by template EXPORT_READY");
	}

	@Test
	void aDownloadLinkThatIsNoWebLinkIsRefused() {
		JsonNode error = refused("""
				{"channel": "EMAIL", "recipient": "a@example.com", "template": "EXPORT_READY",
				 "params": {"fileName": "a.xlsx", "jobId": "1", "downloadUrl": "javascript:alert(1)"}}""");
		assertThat(error.get("field").asString()).isEqualTo("payload.params.downloadUrl");
	}

	@Test
	void anInvalidEmailAddressIsRefused() {
		JsonNode error = refused("""
				{"channel": "EMAIL", "recipient": "not an@address@", "template": "GENERIC",
				 "params": {"subject": "s", "body": "b"}}""");
		assertThat(error.get("field").asString()).isEqualTo("payload.recipient");
		assertThat(error.get("reason").asString()).isEqualTo("is not a valid email address");
	}

	@Test
	void aUserThatDoesNotExistIsRefused() {
		JsonNode error = refused("""
				{"channel": "IN_APP", "recipient": "nobody-at-all", "template": "GENERIC",
				 "params": {"subject": "s", "body": "b"}}""");
		assertThat(error.get("field").asString()).isEqualTo("payload.recipient");
		assertThat(error.get("reason").asString()).isEqualTo("is no active user");
	}

	@Test
	void mailToAUserWithoutAddressAndInAppToAnOutsideAddressAreRefused() {
		assertThat(refused("""
				{"channel": "EMAIL", "recipient": "test-user-2", "template": "GENERIC", "params": {"subject": "s", "body": "b"}}""")
			.get("reason").asString()).isEqualTo("has no email address");
		assertThat(refused("""
				{"channel": "IN_APP", "recipient": "stranger@example.org", "template": "GENERIC",
				 "params": {"subject": "s", "body": "b"}}""")
			.get("reason").asString()).startsWith("belongs to no active user");
	}

	@Test
	void unknownParametersMissingChannelAndBadLocaleAreEachNamed() {
		HttpResponseBody problem = submit("""
				{"recipient": "a@example.com", "template": "GENERIC", "params": {"subject": "s", "body": "b", "colour": "red"},
				 "locale": "not a tag"}""", Account.ADMIN);
		assertThat(problem.status()).isEqualTo(400);
		assertThat(problem.body().get("errors").valueStream().map(e -> e.get("field").asString()))
			.contains("payload.channel", "payload.params.colour", "payload.locale");
	}

	@Test
	void onlyAdminsMaySubmitNotificationsOverRest() {
		HttpResponseBody problem = submit("""
				{"channel": "IN_APP", "recipient": "test-user", "template": "GENERIC", "params": {"subject": "s", "body": "b"}}""",
				Account.USER);
		assertThat(problem.status()).isEqualTo(403);
	}

	@Test
	void programsGetTheSameRefusalFromJobClient() {
		assertThatThrownBy(() -> jobs.submit("NOTIFICATION", Map.of("channel", "IN_APP", "recipient", "nobody-at-all",
				"template", "GENERIC", "params", Map.of("subject", "s", "body", "b"))))
			.isInstanceOfSatisfying(InvalidJobPayloadException.class,
					ex -> assertThat(ex.errors()).extracting(InvalidJobPayloadException.FieldError::field)
						.containsExactly("payload.recipient"));
	}

	private record HttpResponseBody(int status, JsonNode body) {
	}

	private HttpResponseBody submit(String payload, Account account) {
		var response = post("/api/jobs", "{\"type\": \"NOTIFICATION\", \"payload\": " + payload + "}", account);
		return new HttpResponseBody(response.statusCode(), body(response));
	}

	/** Submits as the admin, expects a 400 invalid-payload problem with exactly one error, and returns it. */
	private JsonNode refused(String payload) {
		var response = post("/api/jobs", "{\"type\": \"NOTIFICATION\", \"payload\": " + payload + "}", Account.ADMIN);
		JsonNode problem = assertProblem(response, 400, "invalid-payload");
		assertThat(problem.get("errors")).as(problem.toString()).hasSize(1);
		return problem.get("errors").get(0);
	}

}

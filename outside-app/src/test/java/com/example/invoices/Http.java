package com.example.invoices;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A plain HTTP client against the started application, as any outside caller would talk to it. */
final class Http {

	static final String INVOICE = """
			{"type": "INVOICE_TOTAL", "payload": {"customer": "ACME", "lineCents": [1250, 999, 1]}}""";

	/** Few connections per test application: the PostgreSQL server is shared with other builds. */
	static final String SMALL_POOL = "spring.datasource.hikari.maximum-pool-size=4";

	static final String SMALL_ENGINE_POOL = "jobs.engine.pool-size=2";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final String base;

	/** With a cookie jar: a browser's session and CSRF cookie come back on every request. */
	Http(int port) {
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.base = "http://localhost:" + port;
	}

	/** A cookie as the page's script reads it ({@code document.cookie}), from the jar. */
	String cookie(String name) {
		return ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals(name))
			.map(java.net.HttpCookie::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no cookie " + name));
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	HttpResponse<String> postJson(String path, String body, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> postForm(String path, String form, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** Polls the job through the API until it succeeds. */
	JsonNode awaitSucceeded(HttpResponse<String> accepted, String... headers) {
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String location = accepted.headers().firstValue("Location").orElseThrow();
		return await().atMost(Duration.ofSeconds(30)).until(() -> json(get(location, headers)),
				job -> "SUCCEEDED".equals(job.path("status").asString()));
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

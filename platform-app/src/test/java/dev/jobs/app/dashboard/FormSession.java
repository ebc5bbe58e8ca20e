package dev.jobs.app.dashboard;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session without a browser: form login, a session cookie, and the CSRF token read
 * from the pages, as a person's browser would hold them.
 */
final class FormSession {

	private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	FormSession(int port) {
		this.base = "http://localhost:" + port;
	}

	/** Signs in with the form; fails unless the application redirects away from the login page. */
	FormSession signIn(String username, String password) {
		String token = csrf(get("/login").body());
		HttpResponse<String> response = post("/login", Map.of("username", username, "password", password, "_csrf", token));
		String location = response.headers().firstValue("Location").orElse("");
		if (response.statusCode() != 302 || location.contains("error")) {
			throw new IllegalStateException("Sign-in of " + username + " failed: " + response.statusCode() + " " + location);
		}
		return this;
	}

	/** The CSRF token of this session, as a page of the dashboard carries it. */
	String csrfFrom(String path) {
		HttpResponse<String> page = get(path);
		if (page.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + " answered " + page.statusCode());
		}
		return csrf(page.body());
	}

	static String csrf(String html) {
		Matcher input = CSRF.matcher(html);
		if (!input.find()) {
			throw new IllegalStateException("No CSRF token in the page");
		}
		Matcher value = VALUE.matcher(input.group());
		if (!value.find()) {
			throw new IllegalStateException("No CSRF token value in " + input.group());
		}
		return value.group(1);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	HttpResponse<String> post(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("HTTP request failed", ex);
		}
	}

}

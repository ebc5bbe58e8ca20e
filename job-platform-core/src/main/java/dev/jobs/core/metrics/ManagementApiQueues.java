package dev.jobs.core.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queue depths and consumers from the RabbitMQ management API: one HTTP request answers for every
 * queue of the virtual host, and it is the only place that knows how many messages are delivered
 * but not yet acknowledged (AMQP's passive declare reports ready messages only).
 */
final class ManagementApiQueues {

	record QueueStats(double ready, double unacked, double consumers) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final URI queues;

	private final String authorization;

	ManagementApiQueues(URI baseUrl, String username, String password, String virtualHost) {
		String base = baseUrl.toString().replaceAll("/+$", "");
		this.queues = URI.create(base + "/api/queues/" + URLEncoder.encode(virtualHost, StandardCharsets.UTF_8)
			.replace("+", "%20") + "?columns=name,messages_ready,messages_unacknowledged,consumers");
		this.authorization = "Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
	}

	URI endpoint() {
		return queues;
	}

	/** Stats per queue name; queues the broker has no statistics for yet are left out. */
	Map<String, QueueStats> read() throws IOException {
		HttpResponse<String> response;
		try {
			response = http.send(HttpRequest.newBuilder(queues)
				.timeout(Duration.ofSeconds(5))
				.header("Authorization", authorization)
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while reading " + queues, ex);
		}
		if (response.statusCode() != 200) {
			throw new IOException("GET " + queues + " answered " + response.statusCode()
					+ ((response.statusCode() == 401) ? " (check jobs.metrics.management-api.username/password)" : ""));
		}
		Map<String, QueueStats> stats = new HashMap<>();
		for (JsonNode queue : JSON.readTree(response.body())) {
			JsonNode ready = queue.get("messages_ready");
			JsonNode unacked = queue.get("messages_unacknowledged");
			if (queue.hasNonNull("name") && ready != null && ready.isNumber() && unacked != null
					&& unacked.isNumber()) {
				JsonNode consumers = queue.get("consumers");
				stats.put(queue.get("name").asString(), new QueueStats(ready.asDouble(), unacked.asDouble(),
						(consumers != null && consumers.isNumber()) ? consumers.asDouble() : Double.NaN));
			}
		}
		return stats;
	}

}

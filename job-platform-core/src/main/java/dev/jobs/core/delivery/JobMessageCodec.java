package dev.jobs.core.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.jobs.core.job.JobMessage;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * The wire form of a {@link JobMessage}: a tiny JSON body plus headers, written by hand so that
 * no converter configuration of the application can change it.
 */
final class JobMessageCodec {

	static final String TYPE_HEADER = "x-job-type";

	static final String ATTEMPT_HEADER = "x-job-attempt";

	static final String ERROR_HEADER = "x-job-error";

	private JobMessageCodec() {
	}

	static Message encode(JobMessage m) {
		String body = "{\"jobId\":\"" + m.jobId() + "\",\"type\":\"" + m.type() + "\",\"attempt\":" + m.attempt() + "}";
		return MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding("UTF-8")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(m.jobId() + ":" + m.attempt())
			.setHeader(TYPE_HEADER, m.type())
			.setHeader(ATTEMPT_HEADER, m.attempt())
			.setPriority(m.priority())
			.build();
	}

	/**
	 * Reads a message; headers first (they are cheap), the body as a fallback for messages
	 * published by hand.
	 * @throws IllegalArgumentException if the message names no job
	 */
	static JobMessage decode(Message message) {
		MessageProperties props = message.getMessageProperties();
		String messageId = props.getMessageId();
		Object type = props.getHeader(TYPE_HEADER);
		Object attempt = props.getHeader(ATTEMPT_HEADER);
		if (messageId != null && messageId.contains(":") && type != null && attempt != null) {
			UUID id = UUID.fromString(messageId.substring(0, messageId.indexOf(':')));
			return new JobMessage(id, type.toString(), Integer.parseInt(attempt.toString()), 0);
		}
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		String id = field(body, "jobId");
		String t = field(body, "type");
		String a = field(body, "attempt");
		if (id == null || t == null || a == null) {
			throw new IllegalArgumentException("message names no job (expected {jobId, type, attempt}): " + abbreviate(body));
		}
		return new JobMessage(UUID.fromString(id), t, Integer.parseInt(a), 0);
	}

	/** A minimal reader for the flat body we write; tolerant of spaces. */
	private static String field(String json, String name) {
		int key = json.indexOf("\"" + name + "\"");
		if (key < 0) {
			return null;
		}
		int colon = json.indexOf(':', key);
		if (colon < 0) {
			return null;
		}
		int start = colon + 1;
		while (start < json.length() && Character.isWhitespace(json.charAt(start))) {
			start++;
		}
		if (start >= json.length()) {
			return null;
		}
		if (json.charAt(start) == '"') {
			int end = json.indexOf('"', start + 1);
			return (end > start) ? json.substring(start + 1, end) : null;
		}
		int end = start;
		while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
			end++;
		}
		return (end > start) ? json.substring(start, end) : null;
	}

	private static String abbreviate(String body) {
		return (body.length() > 200) ? body.substring(0, 200) + "..." : body;
	}

}

package dev.jobs.types.notification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code NOTIFICATION}: one message to one recipient over one channel. Checked when the job is
 * submitted ({@link DeliverableNotification}): the template's parameters are all given, an email
 * address is valid, a username belongs to an active user.
 *
 * @param channel {@code EMAIL} or {@code IN_APP}
 * @param recipient a username, or an email address (for {@code IN_APP}: one that belongs to a user)
 * @param template what to say
 * @param params the template's parameters, e.g. {@code fileName}, {@code downloadUrl}, {@code jobId}
 * @param locale a language tag ({@code zh-CN}, {@code en}) overriding the recipient's own
 */
@DeliverableNotification
public record NotificationPayload(@NotNull Channel channel, @NotBlank @Size(max = 320) String recipient,
		@NotNull NotificationTemplate template, Map<String, String> params, @Size(max = 35) String locale) {

	public NotificationPayload {
		// A null value is kept (and reported as missing); Map.copyOf would refuse it with an exception.
		params = (params != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(params)) : Map.of();
	}

}

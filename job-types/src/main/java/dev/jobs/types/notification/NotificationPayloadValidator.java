package dev.jobs.types.notification;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

import dev.jobs.types.notification.Recipients.Recipient;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link DeliverableNotification}. Created by Spring's constraint validator factory (Boot's
 * validator), which injects {@link Recipients}. Field-level constraints ({@code @NotNull}) report a
 * missing channel or template; this one stays silent about them.
 */
class NotificationPayloadValidator implements ConstraintValidator<DeliverableNotification, NotificationPayload> {

	private final Recipients recipients;

	NotificationPayloadValidator(Recipients recipients) {
		this.recipients = recipients;
	}

	@Override
	public boolean isValid(NotificationPayload payload, ConstraintValidatorContext context) {
		if (payload == null) {
			return true;
		}
		context.disableDefaultConstraintViolation();
		boolean valid = true;
		if (payload.template() != null) {
			for (String name : payload.template().requiredParams()) {
				String value = payload.params().get(name);
				if (value == null || value.isBlank()) {
					valid = fail(context, "params." + name, "is required by template " + payload.template());
				}
			}
			for (String name : payload.params().keySet()) {
				if (!payload.template().requiredParams().contains(name)) {
					valid = fail(context, "params." + name, "is not a parameter of template " + payload.template()
							+ " (expected " + payload.template().requiredParams() + ")");
				}
			}
		}
		String url = payload.params().get("downloadUrl");
		if (url != null && !url.isBlank() && !isWebLink(url)) {
			valid = fail(context, "params.downloadUrl", "must be an http(s) URL or a path starting with /");
		}
		if (payload.locale() != null && !isLanguageTag(payload.locale())) {
			valid = fail(context, "locale", "is not a language tag such as zh-CN or en");
		}
		String recipient = payload.recipient();
		if (recipient != null && !recipient.isBlank() && payload.channel() != null) {
			String problem = recipientProblem(payload.channel(), recipient.strip());
			if (problem != null) {
				valid = fail(context, "recipient", problem);
			}
		}
		return valid;
	}

	private String recipientProblem(Channel channel, String recipient) {
		if (Recipients.looksLikeEmail(recipient)) {
			if (!Recipients.isValidEmail(recipient)) {
				return "is not a valid email address";
			}
			if (channel == Channel.IN_APP && !recipients.resolve(recipient).map(Recipient::isUser).orElse(false)) {
				return "belongs to no active user; an IN_APP notification needs one";
			}
			return null;
		}
		Optional<Recipient> user = recipients.findUser(recipient);
		if (user.isEmpty()) {
			return "is no active user";
		}
		if (channel == Channel.EMAIL && (user.get().email() == null || user.get().email().isBlank())) {
			return "has no email address";
		}
		return null;
	}

	/** A link a mail may carry: never javascript:, data: and the like. */
	private static boolean isWebLink(String url) {
		String lower = url.strip().toLowerCase(Locale.ROOT);
		return lower.startsWith("https://") || lower.startsWith("http://") || (lower.startsWith("/") && !lower.startsWith("//"));
	}

	private static boolean isLanguageTag(String tag) {
		try {
			return !new Locale.Builder().setLanguageTag(tag).build().getLanguage().isEmpty();
		}
		catch (IllformedLocaleException ex) {
			return false;
		}
	}

	private static boolean fail(ConstraintValidatorContext context, String field, String reason) {
		context.buildConstraintViolationWithTemplate(escape(reason)).addPropertyNode(field).addConstraintViolation();
		return false;
	}

	/** The reason may quote user input: braces and dollars would be read as message interpolation. */
	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
	}

}

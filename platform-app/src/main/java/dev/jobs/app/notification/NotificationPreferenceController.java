package dev.jobs.app.notification;

import java.security.Principal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;

import dev.jobs.app.security.AppUsers;
import dev.jobs.types.notification.Channel;
import dev.jobs.types.notification.NotificationCategory;
import dev.jobs.types.notification.NotificationPreferences;
import dev.jobs.types.notification.NotificationRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's notification preferences: per category, which channels they want, e.g.
 * {@code {"EXPORT": {"EMAIL": false, "IN_APP": true}}}. A notification over a channel the recipient
 * does not want ends SUCCEEDED, its result saying it was skipped.
 */
@RestController
@RequestMapping("/api/notification-preferences")
@Tag(name = "Notifications")
class NotificationPreferenceController {

	private final NotificationPreferences preferences;

	private final AppUsers users;

	private final NotificationRenderer renderer;

	NotificationPreferenceController(NotificationPreferences preferences, AppUsers users, NotificationRenderer renderer) {
		this.preferences = preferences;
		this.users = users;
		this.renderer = renderer;
	}

	@GetMapping
	@Operation(summary = "Your channels per notification category",
			description = "Every category with every channel, on or off: everything is on until you turn it off.")
	Map<NotificationCategory, Map<Channel, Boolean>> get(Principal principal) {
		return preferences.of(userId(principal));
	}

	@PutMapping
	@Operation(summary = "Changes your channels per category",
			description = "Categories and channels left out keep their setting. Answers all preferences.")
	Map<NotificationCategory, Map<Channel, Boolean>> put(Principal principal,
			@RequestBody Map<String, Map<String, Boolean>> body) {
		long userId = userId(principal);
		preferences.update(userId, parse(body));
		return preferences.of(userId);
	}

	/** A user's language for notifications. */
	record LanguageSetting(String locale) {
	}

	@GetMapping("/locale")
	@Operation(summary = "The language of your notifications",
			description = "locale is null while you have not chosen one: notifications use the platform's default.")
	Map<String, Object> locale(Principal principal) {
		Map<String, Object> answer = new java.util.HashMap<>();
		answer.put("locale", users.locale(principal.getName()).orElse(null));
		answer.put("effective", renderer.locale(users.locale(principal.getName()).orElse(null)).toLanguageTag());
		return answer;
	}

	@PutMapping("/locale")
	@Operation(summary = "Chooses the language of your notifications",
			description = "A language tag such as zh-CN or en; null goes back to the platform's default. A payload's "
					+ "locale still wins.")
	Map<String, Object> setLocale(Principal principal, @RequestBody LanguageSetting setting) {
		String tag = (setting.locale() != null) ? setting.locale().strip() : null;
		if (tag != null) {
			Locale parsed;
			try {
				parsed = new Locale.Builder().setLanguageTag(tag).build();
			}
			catch (IllformedLocaleException ex) {
				parsed = Locale.ROOT;
			}
			if (parsed.getLanguage().isEmpty() || tag.length() > 35) {
				throw new InvalidParameterException("locale", "is not a language tag such as zh-CN or en");
			}
			tag = parsed.toLanguageTag();
		}
		users.setLocale(principal.getName(), tag);
		return locale(principal);
	}

	/** Names every unknown category or channel, rather than letting the JSON binding fail on the first. */
	private static Map<NotificationCategory, Map<Channel, Boolean>> parse(Map<String, Map<String, Boolean>> body) {
		Map<NotificationCategory, Map<Channel, Boolean>> choices = new EnumMap<>(NotificationCategory.class);
		for (Map.Entry<String, Map<String, Boolean>> category : body.entrySet()) {
			NotificationCategory parsedCategory = parse(NotificationCategory.class, category.getKey(), category.getKey());
			if (category.getValue() == null) {
				throw new InvalidParameterException(category.getKey(), "must be an object of channels, e.g. {\"EMAIL\": false}");
			}
			Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
			for (Map.Entry<String, Boolean> channel : category.getValue().entrySet()) {
				String field = category.getKey() + "." + channel.getKey();
				if (channel.getValue() == null) {
					throw new InvalidParameterException(field, "must be true or false");
				}
				channels.put(parse(Channel.class, channel.getKey(), field), channel.getValue());
			}
			choices.put(parsedCategory, channels);
		}
		return choices;
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException(field, "is not a " + ((type == Channel.class) ? "channel" : "category")
					+ " (expected one of " + Arrays.toString(type.getEnumConstants()) + ")");
		}
	}

	private long userId(Principal principal) {
		return users.find(principal.getName())
			.orElseThrow(() -> new InvalidParameterException("user", "is not a user of this platform"))
			.id();
	}

}

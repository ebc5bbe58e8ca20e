package dev.jobs.app.notification;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import dev.jobs.app.security.AppUsers;
import dev.jobs.app.security.SignedInCredentials;
import jakarta.servlet.http.HttpServletRequest;
import dev.jobs.types.notification.NotificationInbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's own in-app notifications: list, count, mark read, and a live stream of new ones. */
@RestController
@RequestMapping("/api/notifications")
@Tag(name = "Notifications", description = "Your in-app notifications (job type NOTIFICATION, channel IN_APP)")
class NotificationController {

	static final int MAX_PAGE_SIZE = 200;

	private final NotificationInbox inbox;

	private final NotificationStream stream;

	private final AppUsers users;

	private final SignedInCredentials credentials;

	NotificationController(NotificationInbox inbox, NotificationStream stream, AppUsers users,
			SignedInCredentials credentials) {
		this.credentials = credentials;
		this.inbox = inbox;
		this.stream = stream;
		this.users = users;
	}

	@GetMapping
	@Operation(summary = "Your notifications, newest first",
			description = "unread=true for unread ones only; size is clamped to 200.")
	NotificationInbox.Page list(Principal principal, @RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (page < 0) {
			throw new InvalidParameterException("page", "must be 0 or more");
		}
		if (size < 1) {
			throw new InvalidParameterException("size", "must be 1 or more");
		}
		return inbox.list(userId(principal), unread, page, Math.min(size, MAX_PAGE_SIZE));
	}

	@GetMapping("/unread-count")
	@Operation(summary = "How many of your notifications are unread",
			description = "The count the inbox badge shows: {\"unreadCount\": n}.")
	Map<String, Long> unreadCount(Principal principal) {
		return Map.of("unreadCount", inbox.unreadCount(userId(principal)));
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "Marks one of your notifications read", description = "Someone else's id answers 404.")
	Map<String, Object> markRead(Principal principal, @PathVariable long id) {
		long userId = userId(principal);
		if (!inbox.markRead(userId, id)) {
			throw new NotificationNotFoundException(id);
		}
		return Map.of("id", id, "read", true, "unreadCount", inbox.unreadCount(userId));
	}

	@PostMapping("/read-all")
	@Operation(summary = "Marks all your notifications read",
			description = "Answers how many were marked; safe to repeat (the second call marks none).")
	Map<String, Object> markAllRead(Principal principal) {
		return Map.of("marked", inbox.markAllRead(userId(principal)), "unreadCount", 0);
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Server-sent events: your new notifications as they arrive",
			description = "First a 'ready' event with the unread count, then a 'notification' event per new one "
					+ "(its id is the notification's id; a reconnecting browser's Last-Event-ID resumes after it).")
	SseEmitter stream(Authentication principal,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, HttpServletRequest request)
			throws IOException {
		Long after = null;
		if (lastEventId != null && !lastEventId.isBlank()) {
			try {
				after = Long.parseLong(lastEventId.strip());
			}
			catch (NumberFormatException ex) {
				throw new InvalidParameterException("Last-Event-ID", "must be the id of a notification");
			}
		}
		return stream.open(userId(principal), after, credentials.stillValid(request, principal));
	}

	private long userId(Principal principal) {
		return users.find(principal.getName())
			.orElseThrow(() -> new InvalidParameterException("user", "is not a user of this platform"))
			.id();
	}

}

package dev.jobs.app.notification;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import javax.sql.DataSource;

import dev.jobs.types.notification.NotificationInbox;
import dev.jobs.types.notification.NotificationInbox.Notification;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live notification streams of this instance ({@code GET /api/notifications/stream}).
 *
 * <p>How an instance learns of a notification that a worker on any instance added: the
 * {@code notification} table's insert trigger calls {@code pg_notify('jobs_notification',
 * '<user id>:<id>')}, which PostgreSQL delivers to every listening session when the inserting
 * transaction commits. One thread per instance listens on one connection (PostgreSQL LISTEN), and
 * on each notice sends the user's open streams what they have not seen yet, read from the table.
 * So a page learns of a notification within milliseconds, no instance polls the table, and a missed
 * notice (the listening connection was down) is made good by reading from each stream's last id
 * after reconnecting. Browsers reconnect by themselves and send {@code Last-Event-ID}, from which
 * the stream resumes.
 */
@Component
class NotificationStream implements SmartLifecycle {

	static final String CHANNEL = "jobs_notification";

	private static final Logger log = LoggerFactory.getLogger(NotificationStream.class);

	/** Comments sent this often keep proxies from closing a quiet stream and find closed ones. */
	private static final Duration HEARTBEAT = Duration.ofSeconds(20);

	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	/** At most this many notifications are replayed to one stream at a time. */
	private static final int BATCH = 100;

	private final DataSource dataSource;

	private final NotificationInbox inbox;

	private final Map<Long, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

	private volatile boolean running;

	private Thread listener;

	NotificationStream(DataSource dataSource, NotificationInbox inbox) {
		this.dataSource = dataSource;
		this.inbox = inbox;
	}

	/**
	 * Opens a stream of a user's new notifications: first a {@code ready} event with the unread count,
	 * then a {@code notification} event (id = the notification's id) for each one added later, or after
	 * {@code lastEventId} when the browser reconnects.
	 */
	SseEmitter open(long userId, Long lastEventId) throws IOException {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
		Subscriber subscriber = new Subscriber(userId, emitter,
				(lastEventId != null) ? lastEventId : inbox.latestId(userId));
		Set<Subscriber> mine = subscribers.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>());
		mine.add(subscriber);
		Runnable remove = () -> mine.remove(subscriber);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError(ex -> remove.run());
		emitter.send(SseEmitter.event().name("ready").data(Map.of("unreadCount", inbox.unreadCount(userId)),
				MediaType.APPLICATION_JSON));
		// Whatever was added between reading the cursor and registering, or since Last-Event-ID.
		catchUp(subscriber);
		return emitter;
	}

	/** Number of open streams on this instance (for tests and diagnostics). */
	int openStreams() {
		return subscribers.values().stream().mapToInt(Set::size).sum();
	}

	private void catchUp(long userId) {
		Set<Subscriber> mine = subscribers.get(userId);
		if (mine != null) {
			mine.forEach(this::catchUp);
		}
	}

	private void catchUp(Subscriber subscriber) {
		synchronized (subscriber) {
			List<Notification> fresh;
			do {
				fresh = inbox.after(subscriber.userId, subscriber.cursor, BATCH);
				for (Notification notification : fresh) {
					if (!send(subscriber, SseEmitter.event()
						.id(Long.toString(notification.id()))
						.name("notification")
						.data(notification, MediaType.APPLICATION_JSON))) {
						return;
					}
					subscriber.cursor = notification.id();
				}
			}
			while (fresh.size() == BATCH);
		}
	}

	private boolean send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
		try {
			subscriber.emitter.send(event);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away (or the stream timed out): forget it.
			Set<Subscriber> mine = subscribers.get(subscriber.userId);
			if (mine != null) {
				mine.remove(subscriber);
			}
			subscriber.emitter.completeWithError(ex);
			return false;
		}
	}

	private void listen() {
		long backoff = 500;
		while (running) {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection pg = connection.unwrap(PGConnection.class);
				backoff = 500;
				// Notices sent while this instance was not listening are lost: read what each stream missed.
				subscribers.keySet().forEach(this::catchUp);
				long nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
				while (running) {
					PGNotification[] notices = pg.getNotifications(1000);
					if (notices != null) {
						for (PGNotification notice : notices) {
							onNotice(notice.getParameter());
						}
					}
					if (System.nanoTime() > nextHeartbeat) {
						heartbeat();
						nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (running) {
					log.warn("Listening for new notifications failed ({}); live streams pause until it is back, "
							+ "retrying in {} ms", ex.getMessage(), backoff);
					sleep(backoff);
					backoff = Math.min(backoff * 2, 10_000);
				}
			}
		}
	}

	private void onNotice(String parameter) {
		int colon = parameter.indexOf(':');
		try {
			catchUp(Long.parseLong((colon > 0) ? parameter.substring(0, colon) : parameter));
		}
		catch (NumberFormatException ex) {
			log.debug("Ignoring notice {} on {}", parameter, CHANNEL);
		}
	}

	private void heartbeat() {
		subscribers.values().forEach(set -> set.forEach(s -> {
			synchronized (s) {
				send(s, SseEmitter.event().comment("keep-alive"));
			}
		}));
	}

	@Override
	public void start() {
		running = true;
		listener = new Thread(this::listen, "notification-listener");
		listener.setDaemon(true);
		listener.start();
	}

	@Override
	public void stop() {
		running = false;
		subscribers.values().forEach(set -> set.forEach(s -> s.emitter.complete()));
		subscribers.clear();
		if (listener != null) {
			listener.interrupt();
			try {
				listener.join(2_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One open stream and the id of the last notification it was sent. */
	private static final class Subscriber {

		final long userId;

		final SseEmitter emitter;

		long cursor;

		Subscriber(long userId, SseEmitter emitter, long cursor) {
			this.userId = userId;
			this.emitter = emitter;
			this.cursor = cursor;
		}

	}

}

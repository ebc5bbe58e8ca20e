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
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.jobs.app.security.SecurityProperties;
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
 *
 * <p>Streams are bounded ({@code jobs.security.streams.max-per-user} per user, {@code max-total} per
 * instance), and each is closed once the credentials that opened it end (checked every
 * {@code jobs.security.streams.recheck-interval}).
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

	private final SecurityProperties.Streams limits;

	private volatile boolean running;

	private Thread listener;

	NotificationStream(DataSource dataSource, NotificationInbox inbox, SecurityProperties security) {
		this.dataSource = dataSource;
		this.inbox = inbox;
		this.limits = security.getStreams();
	}

	/**
	 * Opens a stream of a user's new notifications: first a {@code ready} event with the unread count,
	 * then a {@code notification} event (id = the notification's id) for each one added later, or after
	 * {@code lastEventId} when the browser reconnects.
	 */
	SseEmitter open(long userId, Long lastEventId, BooleanSupplier credentialsHold) throws IOException {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
		Subscriber subscriber = new Subscriber(userId, emitter,
				(lastEventId != null) ? lastEventId : inbox.latestId(userId), credentialsHold);
		Set<Subscriber> mine;
		// Counted and added under one lock, so that concurrent opens cannot pass a limit together.
		synchronized (subscribers) {
			if (openStreams() >= limits.getMaxTotal()) {
				throw new TooManyStreamsException(503, "This instance has " + limits.getMaxTotal()
						+ " live notification streams open, the most it keeps (jobs.security.streams.max-total); "
						+ "try again later, or read GET /api/notifications/unread-count meanwhile.");
			}
			mine = subscribers.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>());
			if (mine.size() >= limits.getMaxPerUser()) {
				throw new TooManyStreamsException(429, "You have " + mine.size() + " live notification streams "
						+ "open, the most one user may (jobs.security.streams.max-per-user); close one (a browser "
						+ "tab) first.");
			}
			mine.add(subscriber);
		}
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

	/** Refused: too many streams of the user (429) or of the instance (503). */
	static final class TooManyStreamsException extends RuntimeException {

		final int status;

		TooManyStreamsException(int status, String message) {
			super(message);
			this.status = status;
		}

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
				long nextRecheck = System.nanoTime() + limits.getRecheckInterval().toNanos();
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
					if (System.nanoTime() > nextRecheck) {
						endStreamsWhoseCredentialsEnded();
						nextRecheck = System.nanoTime() + limits.getRecheckInterval().toNanos();
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

	/**
	 * A stream is only as good as the credentials that opened it: once its token is revoked or
	 * expired, its session ended, or its user disabled or deleted, the stream is closed.
	 */
	private void endStreamsWhoseCredentialsEnded() {
		subscribers.values().forEach(set -> set.forEach(s -> {
			boolean hold;
			try {
				hold = s.credentialsHold.getAsBoolean();
			}
			catch (RuntimeException ex) {
				log.debug("Could not check a stream's credentials ({}); checking again later", ex.getMessage());
				return;
			}
			if (!hold) {
				set.remove(s);
				synchronized (s) {
					s.emitter.complete();
				}
			}
		}));
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

		final BooleanSupplier credentialsHold;

		long cursor;

		Subscriber(long userId, SseEmitter emitter, long cursor, BooleanSupplier credentialsHold) {
			this.userId = userId;
			this.emitter = emitter;
			this.cursor = cursor;
			this.credentialsHold = credentialsHold;
		}

	}

}

package dev.jobs.types.notification;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The in-app notifications ({@code notification} table). Every read and change is scoped to one user:
 * someone else's notification is indistinguishable from one that does not exist.
 */
public class NotificationInbox {

	private static final String COLUMNS = "select id, job_id, template, category, title, body, created_at, read_at "
			+ "from {jobs}.notification ";

	private final JdbcClient jdbc;

	public NotificationInbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** One in-app notification as its recipient sees it. */
	public record Notification(long id, UUID jobId, String template, String category, String title, String body,
			boolean read, OffsetDateTime createdAt, OffsetDateTime readAt) {
	}

	/** One page of a user's notifications, newest first. */
	public record Page(List<Notification> items, int page, int size, long total) {
	}

	/** Inserts a notification (in the caller's transaction); the database tells open streams on commit. */
	void add(long userId, UUID jobId, NotificationTemplate template, String title, String body) {
		jdbc.sql("""
				insert into {jobs}.notification (user_id, job_id, template, category, title, body)
				values (:userId, :jobId, :template, :category, :title, :body)
				""")
			.param("userId", userId)
			.param("jobId", jobId)
			.param("template", template.name())
			.param("category", template.category().name())
			.param("title", title)
			.param("body", body)
			.update();
	}

	/** A user's notifications, newest first; only unread ones if asked. */
	public Page list(long userId, boolean unreadOnly, int page, int size) {
		String where = "where user_id = :userId" + (unreadOnly ? " and read_at is null" : "");
		List<Notification> items = jdbc.sql(COLUMNS + where + " order by id desc limit :limit offset :offset")
			.param("userId", userId)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(NotificationInbox::map)
			.list();
		long total = jdbc.sql("select count(*) from {jobs}.notification " + where)
			.param("userId", userId)
			.query(Long.class)
			.single();
		return new Page(items, page, size, total);
	}

	public long unreadCount(long userId) {
		return jdbc.sql("select count(*) from {jobs}.notification where user_id = :userId and read_at is null")
			.param("userId", userId)
			.query(Long.class)
			.single();
	}

	/**
	 * Marks one of the user's notifications read (again: a no-op).
	 * @return false if the user has no notification with this id
	 */
	public boolean markRead(long userId, long id) {
		return jdbc.sql("update {jobs}.notification set read_at = coalesce(read_at, now()) where id = :id and user_id = :userId")
			.param("id", id)
			.param("userId", userId)
			.update() == 1;
	}

	/** Marks all of the user's notifications read; returns how many were unread. */
	public int markAllRead(long userId) {
		return jdbc.sql("update {jobs}.notification set read_at = now() where user_id = :userId and read_at is null")
			.param("userId", userId)
			.update();
	}

	/** The user's notifications with an id above {@code afterId}, oldest first (what a stream has not shown yet). */
	public List<Notification> after(long userId, long afterId, int limit) {
		return jdbc.sql(COLUMNS + "where user_id = :userId and id > :afterId order by id limit :limit")
			.param("userId", userId)
			.param("afterId", afterId)
			.param("limit", limit)
			.query(NotificationInbox::map)
			.list();
	}

	/** The highest notification id of the user, 0 if none: where a new stream starts. */
	public long latestId(long userId) {
		return jdbc.sql("select coalesce(max(id), 0) from {jobs}.notification where user_id = :userId")
			.param("userId", userId)
			.query(Long.class)
			.single();
	}

	private static Notification map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Notification(rs.getLong("id"), rs.getObject("job_id", UUID.class), rs.getString("template"),
				rs.getString("category"), rs.getString("title"), rs.getString("body"),
				rs.getObject("read_at") != null, rs.getObject("created_at", OffsetDateTime.class), rs.getObject("read_at", OffsetDateTime.class));
	}

}

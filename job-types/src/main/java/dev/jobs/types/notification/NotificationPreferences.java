package dev.jobs.types.notification;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which channels each user wants for each category of notification. Everything is wanted until the
 * user says otherwise; only the user's choices are stored ({@code notification_preference}).
 */
public class NotificationPreferences {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	public NotificationPreferences(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** Whether the user wants notifications of this category over this channel. */
	public boolean wants(long userId, NotificationCategory category, Channel channel) {
		return jdbc.sql("select enabled from {jobs}.notification_preference "
				+ "where user_id = :userId and category = :category and channel = :channel")
			.param("userId", userId)
			.param("category", category.name())
			.param("channel", channel.name())
			.query(Boolean.class)
			.optional()
			.orElse(true);
	}

	/** Every category with every channel, and whether the user wants it. */
	public Map<NotificationCategory, Map<Channel, Boolean>> of(long userId) {
		Map<NotificationCategory, Map<Channel, Boolean>> all = new EnumMap<>(NotificationCategory.class);
		for (NotificationCategory category : NotificationCategory.values()) {
			Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
			for (Channel channel : Channel.values()) {
				channels.put(channel, true);
			}
			all.put(category, channels);
		}
		jdbc.sql("select category, channel, enabled from {jobs}.notification_preference where user_id = :userId")
			.param("userId", userId)
			.query((rs, n) -> {
				try {
					all.get(NotificationCategory.valueOf(rs.getString("category")))
						.put(Channel.valueOf(rs.getString("channel")), rs.getBoolean("enabled"));
				}
				catch (IllegalArgumentException ex) {
					// A category or channel that no longer exists: nothing to show.
				}
				return null;
			})
			.list();
		return all;
	}

	/** Stores the user's choices; categories and channels not mentioned keep theirs. */
	public void update(long userId, Map<NotificationCategory, Map<Channel, Boolean>> choices) {
		transaction.executeWithoutResult(status -> choices.forEach((category, channels) -> channels
			.forEach((channel, enabled) -> jdbc.sql("""
					insert into {jobs}.notification_preference (user_id, category, channel, enabled)
					values (:userId, :category, :channel, :enabled)
					on conflict (user_id, category, channel) do update set enabled = excluded.enabled, updated_at = now()
					""")
				.param("userId", userId)
				.param("category", category.name())
				.param("channel", channel.name())
				.param("enabled", enabled)
				.update())));
	}

}

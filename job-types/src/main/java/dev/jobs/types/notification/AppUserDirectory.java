package dev.jobs.types.notification;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The default {@link UserDirectory}: reads table {@code app_user} with columns {@code id},
 * {@code username}, {@code email}, {@code locale} (a BCP 47 tag or null), {@code status}
 * ({@code 'ACTIVE'} for active users) and {@code deleted} — platform-app's user table.
 */
public class AppUserDirectory implements UserDirectory {

	private static final String COLUMNS = "select id, username, email, locale from app_user ";

	private final JdbcClient jdbc;

	public AppUserDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Recipients.Recipient> findActiveUser(String username) {
		return jdbc.sql(COLUMNS + "where username = :username and status = 'ACTIVE' and not deleted")
			.param("username", username)
			.query(AppUserDirectory::map)
			.optional();
	}

	@Override
	public Optional<Recipients.Recipient> findActiveUserByEmail(String email) {
		return jdbc
			.sql(COLUMNS + "where lower(email) = lower(:email) and status = 'ACTIVE' and not deleted order by id limit 1")
			.param("email", email)
			.query(AppUserDirectory::map)
			.optional();
	}

	private static Recipients.Recipient map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Recipients.Recipient(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
				rs.getString("locale"));
	}

}

package dev.jobs.app.security;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The people who may sign in: rows of {@code app_user} with a BCrypt password hash, active and not
 * deleted. Their role becomes the Spring Security role of the same name. Usernames are never
 * reused, since jobs are owned by the name.
 */
@Component
public class AppUsers implements UserDetailsService {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	AppUsers(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/** A user as the API shows it; never the password hash. */
	public record AppUser(long id, String username, String displayName, String email, Role role, String status) {
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return jdbc.sql("""
				select username, password_hash, role, status from app_user
				 where username = :username and not deleted and password_hash is not null
				""")
			.param("username", username)
			.query((rs, n) -> User.withUsername(rs.getString("username"))
				.password(rs.getString("password_hash"))
				.authorities(List.of(new SimpleGrantedAuthority("ROLE_" + rs.getString("role"))))
				.disabled(!"ACTIVE".equals(rs.getString("status")))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No active user " + username));
	}

	public Optional<AppUser> find(String username) {
		return jdbc.sql("select id, username, display_name, email, role, status from app_user "
				+ "where username = :username and not deleted")
			.param("username", username)
			.query((rs, n) -> new AppUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
					rs.getString("email"), Role.valueOf(rs.getString("role")), rs.getString("status")))
			.optional();
	}

	List<AppUser> list() {
		return jdbc.sql("select id, username, display_name, email, role, status from app_user where not deleted "
				+ "order by username")
			.query((rs, n) -> new AppUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
					rs.getString("email"), Role.valueOf(rs.getString("role")), rs.getString("status")))
			.list();
	}

	/**
	 * Creates a user who can sign in.
	 * @return false if the username is taken
	 * @throws IllegalArgumentException if the password breaks the {@link PasswordPolicy}
	 */
	public boolean create(String username, String displayName, String email, Role role, String password) {
		Usernames.reserved(username).ifPresent(reason -> {
			throw new IllegalArgumentException("The username " + username + " " + reason);
		});
		PasswordPolicy.violation(password).ifPresent(reason -> {
			throw new IllegalArgumentException("The password of " + username + " " + reason);
		});
		// A username is never given twice, not even after its user was deleted (see V3 migration).
		return jdbc.sql("""
				insert into app_user (username, display_name, email, role, status, password_hash)
				values (:username, :displayName, :email, :role, 'ACTIVE', :hash)
				on conflict (username) do nothing
				""")
			.param("username", username)
			.param("displayName", displayName)
			.param("email", email)
			.param("role", role.name())
			.param("hash", passwords.encode(password))
			.update() == 1;
	}

	/** The user's language for notifications (a language tag), or null for the platform's default. */
	public Optional<String> locale(String username) {
		return jdbc.sql("select locale from app_user where username = :username and not deleted")
			.param("username", username)
			.query((rs, n) -> Optional.ofNullable(rs.getString("locale")))
			.optional()
			.flatMap(locale -> locale);
	}

	/** Sets the user's language for notifications; null goes back to the platform's default. */
	public void setLocale(String username, String languageTag) {
		jdbc.sql("update app_user set locale = :locale, updated_at = now() where username = :username and not deleted")
			.param("locale", languageTag)
			.param("username", username)
			.update();
	}

	/**
	 * Disables the demo accounts (e-mail {@code @demo.invalid}) and forgets their passwords, which
	 * are published in the README.
	 * @return the usernames disabled now
	 */
	List<String> disableDemoAccounts() {
		return jdbc.sql("""
				update app_user set status = 'DISABLED', password_hash = null, updated_at = now()
				 where email like '%@demo.invalid' and not deleted and (status = 'ACTIVE' or password_hash is not null)
				returning username
				""").query(String.class).list();
	}

	/**
	 * Creates a demo account, or enables it again if an earlier run outside the demo profile
	 * disabled it. Never touches an account that is not a demo account.
	 * @return whether the account was created or enabled now
	 */
	boolean enableDemoAccount(String username, Role role, String password) {
		return jdbc.sql("""
				insert into app_user (username, display_name, email, role, status, password_hash)
				values (:username, :displayName, :email, :role, 'ACTIVE', :hash)
				on conflict (username) do update set status = 'ACTIVE', password_hash = excluded.password_hash,
				       updated_at = now()
				 where app_user.email = excluded.email and not app_user.deleted
				   and (app_user.status <> 'ACTIVE' or app_user.password_hash is null)
				""")
			.param("username", username)
			.param("displayName", "Demo " + username)
			.param("email", username + "@demo.invalid")
			.param("role", role.name())
			.param("hash", passwords.encode(password))
			.update() == 1;
	}

	/**
	 * Gives the bootstrap administrator's name back to a real administrator when a disabled demo
	 * account holds it (a database that once ran the demo).
	 * @return whether the account was taken over
	 */
	boolean takeOverDisabledDemoAccount(String username, String displayName, Role role, String password) {
		return jdbc.sql("""
				update app_user set display_name = :displayName, email = null, role = :role, status = 'ACTIVE',
				       password_hash = :hash, updated_at = now()
				 where username = :username and email like '%@demo.invalid' and status = 'DISABLED' and not deleted
				""")
			.param("username", username)
			.param("displayName", displayName)
			.param("role", role.name())
			.param("hash", passwords.encode(password))
			.update() == 1;
	}

	boolean anyActive(Role role) {
		return jdbc.sql("select exists (select 1 from app_user where role = :role and status = 'ACTIVE' "
				+ "and not deleted and password_hash is not null)")
			.param("role", role.name())
			.query(Boolean.class)
			.single();
	}

}

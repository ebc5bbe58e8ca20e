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
 * deleted. Their role becomes the Spring Security role of the same name.
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
		PasswordPolicy.violation(password).ifPresent(reason -> {
			throw new IllegalArgumentException("The password of " + username + " " + reason);
		});
		return jdbc.sql("""
				insert into app_user (username, display_name, email, role, status, password_hash)
				values (:username, :displayName, :email, :role, 'ACTIVE', :hash)
				on conflict (username) where not deleted do nothing
				""")
			.param("username", username)
			.param("displayName", displayName)
			.param("email", email)
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

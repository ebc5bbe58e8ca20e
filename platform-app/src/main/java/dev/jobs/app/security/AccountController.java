package dev.jobs.app.security;

import dev.jobs.core.operationlog.OperationLog;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A user's own API tokens, and (for super admins) the users themselves. */
@RestController
@Tag(name = "Accounts", description = "API tokens and users")
class AccountController {

	private final AppUsers users;

	private final ApiTokens tokens;

	AccountController(AppUsers users, ApiTokens tokens) {
		this.users = users;
		this.tokens = tokens;
	}

	/** @param expiresAt optional; without it the token works until it is revoked */
	record NewTokenRequest(@NotBlank @Size(max = 100) String name, @Future Instant expiresAt) {
	}

	@PostMapping("/api/tokens")
	@OperationLog(action = "TOKEN_CREATE", target = "#result?.body?.id",
			success = "created API token '#{#request.name}'#{#request.expiresAt != null ? ' until ' + #request.expiresAt : ''}",
			fail = "could not create API token '#{#request.name}': #{#errorMessage}")
	@Operation(summary = "Create a personal API token",
			description = "The token is shown once, in this answer; send it as Authorization: Bearer <token>. "
					+ "Optional expiresAt (ISO-8601, in the future). Only a password (Basic) or a signed-in browser "
					+ "may create tokens, never another token.")
	ResponseEntity<ApiTokens.NewToken> createToken(@Valid @RequestBody NewTokenRequest request,
			Authentication authentication) {
		if (authentication.getDetails() instanceof ApiTokens.SignedInByToken) {
			throw new AccountForbiddenException("An API token cannot create API tokens: a stolen token would outlive "
					+ "its revocation through the tokens it made. Sign in with your password or in the browser.");
		}
		ApiTokens.NewToken token = tokens.create(me(authentication).id(), request.name(), request.expiresAt());
		return ResponseEntity.created(URI.create("/api/tokens/" + token.id())).body(token);
	}

	@GetMapping("/api/tokens")
	@Operation(summary = "My active API tokens",
			description = "Name, creation, expiry and last use of each; never the secret, which is shown once at creation.")
	List<ApiTokens.TokenInfo> listTokens(Authentication principal) {
		return tokens.list(me(principal).id());
	}

	@DeleteMapping("/api/tokens/{id}")
	@OperationLog(action = "TOKEN_REVOKE", target = "#id", success = "revoked API token #{#id}",
			fail = "could not revoke API token #{#id}: #{#errorMessage}")
	@Operation(summary = "Revoke one of my API tokens",
			description = "204; the token stops working at once. Someone else's or an unknown id answers 404.")
	ResponseEntity<Void> revokeToken(@PathVariable long id, Authentication principal) {
		if (!tokens.revoke(me(principal).id(), id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "You have no active token " + id);
		}
		return ResponseEntity.noContent().build();
	}

	record NewUserRequest(@NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9._-]+") String username,
			@NotBlank @Size(max = 100) String displayName, @Email @Size(max = 200) String email,
			@NotNull Role role, @NotBlank @Size(max = 200) String password) {
	}

	@PostMapping("/api/users")
	@OperationLog(action = "USER_CREATE", target = "#request.username", recordArguments = true,
			success = "created user #{#request.username} (#{#request.displayName}) with role #{#request.role}",
			fail = "could not create user #{#request.username}: #{#errorMessage}")
	@Operation(summary = "Create a user",
			description = "Super admins only. 201 with the user; 400 naming the field for a weak password or a "
					+ "reserved name; 409 if the username was ever taken.")
	ResponseEntity<AppUsers.AppUser> createUser(@Valid @RequestBody NewUserRequest request) {
		PasswordPolicy.violation(request.password()).ifPresent(reason -> {
			throw new InvalidFieldException("password", reason);
		});
		Usernames.reserved(request.username()).ifPresent(reason -> {
			throw new InvalidFieldException("username", reason);
		});
		if (!users.create(request.username(), request.displayName(), request.email(), request.role(),
				request.password())) {
			throw new UsernameTakenException("The username " + request.username()
					+ " is taken. Usernames are never given twice, not even after their user was deleted, so that "
					+ "nobody inherits someone else's jobs.");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(users.find(request.username()).orElseThrow());
	}

	@GetMapping("/api/users")
	@Operation(summary = "List users",
			description = "Super admins only: every user with role and state, never a password hash.")
	List<AppUsers.AppUser> listUsers() {
		return users.list();
	}

	private AppUsers.AppUser me(Authentication principal) {
		return users.find(principal.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Your user no longer exists"));
	}

}

package dev.jobs.app.security;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

	record NewTokenRequest(@NotBlank @Size(max = 100) String name) {
	}

	@PostMapping("/api/tokens")
	@Operation(summary = "Create a personal API token",
			description = "The token is shown once, in this answer; send it as Authorization: Bearer <token>.")
	ResponseEntity<ApiTokens.NewToken> createToken(@Valid @RequestBody NewTokenRequest request, Principal principal) {
		ApiTokens.NewToken token = tokens.create(me(principal).id(), request.name());
		return ResponseEntity.created(URI.create("/api/tokens/" + token.id())).body(token);
	}

	@GetMapping("/api/tokens")
	@Operation(summary = "My active API tokens (without their secrets)")
	List<ApiTokens.TokenInfo> listTokens(Principal principal) {
		return tokens.list(me(principal).id());
	}

	@DeleteMapping("/api/tokens/{id}")
	@Operation(summary = "Revoke one of my API tokens")
	ResponseEntity<Void> revokeToken(@PathVariable long id, Principal principal) {
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
	@Operation(summary = "Create a user (super admins only)")
	ResponseEntity<AppUsers.AppUser> createUser(@Valid @RequestBody NewUserRequest request) {
		PasswordPolicy.violation(request.password()).ifPresent(reason -> {
			throw new InvalidFieldException("password", reason);
		});
		if (!users.create(request.username(), request.displayName(), request.email(), request.role(),
				request.password())) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "The username " + request.username() + " is taken");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(users.find(request.username()).orElseThrow());
	}

	@GetMapping("/api/users")
	@Operation(summary = "List users (super admins only)")
	List<AppUsers.AppUser> listUsers() {
		return users.list();
	}

	private AppUsers.AppUser me(Principal principal) {
		return users.find(principal.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "Your user no longer exists"));
	}

}

package dev.jobs.app.security;

import jakarta.servlet.DispatcherType;

import dev.jobs.app.web.Problems;
import dev.jobs.core.AccessPolicy;
import dev.jobs.core.JobAdmin.Access;
import dev.jobs.core.JobPermissions;
import dev.jobs.types.operationlog.OperationLogProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who gets in, and how:
 * <ul>
 * <li>people trying the API: HTTP Basic against {@code app_user} (BCrypt); every password check,
 * Basic or form, throttled where it is made ({@link ThrottledPasswordAuthentication});</li>
 * <li>programs: personal API tokens ({@code Authorization: Bearer jobs_...}), checked by hash;</li>
 * <li>browsers: form login with a session, re-checked against the stored user on every request,
 * CSRF tokens whenever a session exists, and cross-site state-changing requests refused.</li>
 * </ul>
 * The dashboard ({@code /dashboard}) is for super admins (act) and auditors (look), as the job platform's
 * {@link AccessPolicy} answers; an auditor's
 * state-changing request is refused on every path ({@link ReadOnlyRoleFilter}).
 * The actuator lives on the management port; the API docs need sign-in unless
 * {@code jobs.security.public-api-docs}.
 * What each role may do with jobs is decided by the job platform ({@code jobs.api.admin-roles},
 * {@code jobs.types.<TYPE>.submit-roles}); here are the rules for the app's own endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	/** BCrypt for new passwords ({@code {bcrypt}...}); the id prefix leaves room to upgrade the algorithm. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/**
	 * Spring Security's firewall already refuses odd paths; it also refuses control characters in
	 * parameter values (a NUL would reach PostgreSQL as an error), and its refusals are problems. Tabs and line
	 * breaks are text: a browser sends a textarea's lines (a schedule's JSON payload) as CR LF.
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterValues(value -> value.chars()
			.noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f));
		return web -> web.httpFirewall(firewall)
			.requestRejectedHandler((request, response, rejected) -> Problems.write(response, 400, "malformed-request",
					"Malformed request", "The request's URL, parameters or headers contain characters this service "
							+ "does not accept."));
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, AppUsers users,
			SignInThrottle throttle, PasswordEncoder passwordEncoder, SecurityProperties properties,
			ObjectProvider<OperationLogProperties> operationLog, JobPermissions jobPermissions) throws Exception {
		// The operation log's own access policy decides who reads it; without the operation log, nobody does.
		AccessPolicy operationLogReaders = operationLog.stream()
			.map(OperationLogProperties::readers)
			.findFirst()
			.orElseGet(() -> AccessPolicy.readersOnly(java.util.List.of()));
		AccessPolicy jobAccess = jobPermissions.policy();
		RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
		RequestMatcher apiDocs = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**"),
				PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"),
				PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));
		http.authorizeHttpRequests(auth -> auth
			// Errors must reach the client as what they are, not as a 401 of the error page. An async
			// dispatch (the end of a server-sent event stream) belongs to a request already authorised.
			.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
			.permitAll()
			// The actuator is served on the management port only (localhost or the compose network).
			.requestMatchers("/error", "/login", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.permitAll()
			.requestMatchers(apiDocs)
			.access((authentication, context) -> new AuthorizationDecision(properties.isPublicApiDocs()
					|| isSignedIn(authentication.get())))
			.requestMatchers("/actuator/**")
			.hasRole(Role.SUPER_ADMIN.name())
			// The seed's export aliases: the export type's submit-roles decide, as on POST /api/jobs.
			.requestMatchers("/api/users/export/**")
			.authenticated()
			.requestMatchers("/api/users/**")
			.hasRole(Role.SUPER_ADMIN.name())
			// The dashboard: administrators act, readers (auditors) look, as the job platform's one access policy
			// answers (jobs.api.admin-roles, jobs.api.reader-roles); users and managers are refused.
			.requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**")
			.access((authentication, context) -> new AuthorizationDecision(
					access(jobAccess, authentication.get()) != Access.NONE))
			.requestMatchers("/dashboard", "/dashboard/**")
			.access((authentication, context) -> new AuthorizationDecision(
					access(jobAccess, authentication.get()) == Access.ACT))
			// Who did what: the configured reader roles only (jobs.operation-log.reader-roles).
			.requestMatchers("/api/operation-logs", "/api/operation-logs/**")
			.access((authentication, context) -> new AuthorizationDecision(
					access(operationLogReaders, authentication.get()) != Access.NONE))
			.anyRequest()
			.authenticated())
			// Every password check, Basic or form, goes through the throttle, keyed on the name checked.
			.authenticationManager(new ProviderManager(new ThrottledPasswordAuthentication(passwords(users,
					passwordEncoder), throttle)))
			.httpBasic(basic -> basic.authenticationEntryPoint(this::unauthorized))
			.formLogin(form -> form.permitAll().failureHandler(this::formSignInFailed))
			// After the CSRF check, before any authentication: one well-formed header or none, and a
			// request with one signs in by itself, without its session.
			.addFilterAfter(new AuthorizationHeaderFilter(), CsrfFilter.class)
			.addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class)
			// After every authentication filter: what a session brought is checked against the user now.
			.addFilterAfter(new SessionUserRecheckFilter(users), BasicAuthenticationFilter.class)
			.addFilterBefore(new CrossSiteRequestFilter(properties.getAllowedOrigins()), CsrfFilter.class)
			.addFilterBefore(new ReadOnlyRoleFilter(jobPermissions.policy()), AuthorizationFilter.class)
			// CSRF protects what a browser would send by itself: whenever a session exists (and on
			// the login form), a state-changing request needs the token. Only a bearer token proves
			// the request is not forged, since no browser attaches one on its own; Basic credentials
			// it does attach, once cached.
			// The dashboard is a browser's page only: its actions need the token whatever the credentials.
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(request -> !isSafe(request.getMethod())
					&& (isDashboard(request) || !ApiTokenFilter.carriesBearerToken(request)
							&& (request.getSession(false) != null || "/login".equals(request.getServletPath())))))
			.exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(this::unauthorized,
					new OrRequestMatcher(api, PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**")))
				.accessDeniedHandler((request, response, denied) -> Problems.write(response, 403, "forbidden",
						"Not allowed", "Your role may not do this, or the request lacks its CSRF token.")))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
				.frameOptions(frame -> frame.deny()));
		return http.build();
	}

	private static DaoAuthenticationProvider passwords(AppUsers users, PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(passwordEncoder);
		return passwords;
	}

	private void formSignInFailed(jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response,
			org.springframework.security.core.AuthenticationException ex)
			throws java.io.IOException, jakarta.servlet.ServletException {
		if (ex instanceof ThrottledPasswordAuthentication.SignInThrottledException throttled) {
			tooManyFailures(response, throttled);
			return;
		}
		new SimpleUrlAuthenticationFailureHandler("/login?error").onAuthenticationFailure(request, response, ex);
	}

	private static void tooManyFailures(jakarta.servlet.http.HttpServletResponse response,
			ThrottledPasswordAuthentication.SignInThrottledException throttled) throws java.io.IOException {
		long seconds = throttled.retryAfterSeconds();
		response.setHeader("Retry-After", String.valueOf(seconds));
		Problems.write(response, 429, "too-many-sign-in-failures", "Too many failed sign-ins",
				"Too many failed sign-ins from this client or for this account; try again in " + seconds
						+ " s. API tokens and signed-in sessions are not affected.");
	}

	private void unauthorized(jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response,
			org.springframework.security.core.AuthenticationException ex) throws java.io.IOException {
		if (ex instanceof ThrottledPasswordAuthentication.SignInThrottledException throttled) {
			tooManyFailures(response, throttled);
			return;
		}
		response.setHeader("WWW-Authenticate", "Basic realm=\"jobs\"");
		Problems.write(response, 401, "unauthorized", "Authentication required",
				"Sign in with HTTP Basic (username and password) or send Authorization: Bearer <API token>.");
	}

	private static boolean isSignedIn(Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	/** What a policy lets the caller do; nobody signed in: nothing. */
	static Access access(AccessPolicy policy, Authentication authentication) {
		return isSignedIn(authentication) ? policy.access(role -> holds(authentication, role)) : Access.NONE;
	}

	/** Whether the signed-in caller holds a role (a granted authority {@code ROLE_<role>}). */
	static boolean holds(Authentication authentication, String role) {
		String authority = "ROLE_" + role;
		return authentication.getAuthorities().stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
	}

	private static boolean isDashboard(jakarta.servlet.http.HttpServletRequest request) {
		String path = request.getServletPath();
		return "/dashboard".equals(path) || path.startsWith("/dashboard/");
	}

	static boolean isSafe(String method) {
		return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
	}


}

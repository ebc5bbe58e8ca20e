package dev.jobs.app.security;

import jakarta.servlet.DispatcherType;

import dev.jobs.app.web.Problems;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who gets in, and how:
 * <ul>
 * <li>people trying the API: HTTP Basic against {@code app_user} (BCrypt);</li>
 * <li>programs: personal API tokens ({@code Authorization: Bearer jobs_...}), checked by hash;</li>
 * <li>browsers: form login with a session, and CSRF tokens on every state-changing request that
 * rides on the session cookie.</li>
 * </ul>
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
	 * parameter values (a NUL would reach PostgreSQL as an error), and its refusals are problems.
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedParameterValues(value -> value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f));
		return web -> web.httpFirewall(firewall)
			.requestRejectedHandler((request, response, rejected) -> Problems.write(response, 400, "malformed-request",
					"Malformed request", "The request's URL, parameters or headers contain characters this service "
							+ "does not accept."));
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, SecurityProperties properties)
			throws Exception {
		RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
		http.authorizeHttpRequests(auth -> auth
			// Errors must reach the client as what they are, not as a 401 of the error page.
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/error", "/login", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
					"/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			.requestMatchers("/actuator/**")
			.hasRole(Role.SUPER_ADMIN.name())
			.requestMatchers("/api/users/**")
			.hasRole(Role.SUPER_ADMIN.name())
			.requestMatchers(HttpMethod.POST, "/api/employ/**")
			.hasAnyRole(Role.SUPER_ADMIN.name(), Role.MANAGER.name())
			.anyRequest()
			.authenticated())
			.httpBasic(basic -> basic.authenticationEntryPoint(this::unauthorized))
			.formLogin(form -> form.permitAll())
			.addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class)
			.addFilterBefore(new CrossSiteRequestFilter(properties.getAllowedOrigins()), CsrfFilter.class)
			// CSRF protects what a browser would send by itself: whenever a session exists (and on
			// the login form), a state-changing request needs the token. Only a bearer token proves
			// the request is not forged, since no browser attaches one on its own; Basic credentials
			// it does attach, once cached.
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(request -> !isSafe(request.getMethod())
					&& !ApiTokenFilter.carriesBearerToken(request)
					&& (request.getSession(false) != null || "/login".equals(request.getServletPath()))))
			.exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(this::unauthorized, api)
				.accessDeniedHandler((request, response, denied) -> Problems.write(response, 403, "forbidden",
						"Not allowed", "Your role may not do this, or the request lacks its CSRF token.")))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
				.frameOptions(frame -> frame.deny()));
		return http.build();
	}

	private void unauthorized(jakarta.servlet.http.HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response,
			org.springframework.security.core.AuthenticationException ex) throws java.io.IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"jobs\"");
		Problems.write(response, 401, "unauthorized", "Authentication required",
				"Sign in with HTTP Basic (username and password) or send Authorization: Bearer <API token>.");
	}

	static boolean isSafe(String method) {
		return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
	}


}

package com.example.invoices;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The application's own Spring Security, with the recipe of the platform's
 * docs/SECURITY-IN-YOUR-APP.md: people sign in with the login form (a session, CSRF token in the
 * XSRF-TOKEN cookie) or with HTTP Basic, programs with Basic (or a bearer token, see the doc). The
 * job API reads the principal and its roles from the request; the roles are the application's
 * ({@code jobs.api.admin-roles}, {@code jobs.types.<TYPE>.submit-roles}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth
			// An error keeps its status and problem body: the error dispatch of a refused request would
			// otherwise be refused itself, and every 400 or 403 would reach the client as an empty 401.
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic(Customizer.withDefaults())
			.formLogin(Customizer.withDefaults())
			// A program on the API gets a 401, not the login page's redirect.
			.exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
					new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
					PathPatternRequestMatcher.withDefaults().matcher("/api/**")))
			// Browsers: the token in the XSRF-TOKEN cookie, sent back in the X-XSRF-TOKEN header. A request
			// that brings its own credentials and no session, and that no browser marked as cross-site,
			// cannot have been forged: it needs no token.
			.csrf(csrf -> csrf.spa().ignoringRequestMatchers(SecurityConfiguration::signsInByItself))
			// The token is made lazily; load it on every request, so that the cookie is there for the
			// page's script from the first response after sign-in on (Spring Security's SPA recipe).
			.addFilterAfter((request, response, chain) -> {
				CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
				if (token != null) {
					token.getToken();
				}
				chain.doFilter(request, response);
			}, BasicAuthenticationFilter.class);
		return http.build();
	}

	/**
	 * A bearer token is never attached by a browser on its own; Basic credentials are, once cached,
	 * but then to a request the browser marks as cross-site ({@code Sec-Fetch-Site}), or one that
	 * carries the session cookie too.
	 */
	static boolean signsInByItself(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization == null) {
			return false;
		}
		if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return true;
		}
		String site = request.getHeader("Sec-Fetch-Site");
		return authorization.regionMatches(true, 0, "Basic ", 0, 6) && request.getSession(false) == null
				&& !"cross-site".equals(site) && !"same-site".equals(site);
	}

}

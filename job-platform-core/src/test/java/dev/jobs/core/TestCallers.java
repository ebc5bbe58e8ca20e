package dev.jobs.core;

import java.io.IOException;
import java.security.Principal;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in for a security library in the core's tests: headers {@code X-Test-User} and
 * {@code X-Test-Roles} become the request's principal and roles, which is all the core reads.
 * (The platform app tests the real Spring Security set-up.)
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestCallers {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> testCallerFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String user = request.getHeader("X-Test-User");
						if (user == null) {
							chain.doFilter(request, response);
							return;
						}
						String roles = request.getHeader("X-Test-Roles");
						Set<String> granted = (roles != null) ? Set.of(roles.split(",")) : Set.of();
						chain.doFilter(new HttpServletRequestWrapper(request) {
							@Override
							public Principal getUserPrincipal() {
								return () -> user;
							}

							@Override
							public boolean isUserInRole(String role) {
								return granted.contains(role);
							}
						}, response);
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}

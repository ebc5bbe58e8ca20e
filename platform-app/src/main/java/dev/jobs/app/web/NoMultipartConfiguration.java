package dev.jobs.app.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Nothing in this service takes a file upload, so no request body is parsed as multipart: the
 * servlet has no multipart configuration ({@code spring.servlet.multipart.enabled=false}), and a
 * {@code multipart/*} request is refused with 415 before anything reads it, on every path and
 * before sign-in. Otherwise Tomcat would parse the parts of a chunked body (no Content-Length for
 * the size limit to read) straight from the connection, spooling them to disk, as soon as any
 * filter asked for a parameter: the login form's CSRF check does, unauthenticated.
 */
@Configuration(proxyBeanMethods = false)
class NoMultipartConfiguration {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> multipartRefusal() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String type = request.getContentType();
						if (type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
							Problems.write(response, 415, "unsupported-media-type", "Unsupported media type",
									"This service takes no multipart bodies (no file uploads): send JSON to the API, "
											+ "or a URL-encoded form to the login page.");
							return;
						}
						chain.doFilter(request, response);
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}

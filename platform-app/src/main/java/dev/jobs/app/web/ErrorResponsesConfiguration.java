package dev.jobs.app.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/** Makes every refusal, wherever it happens, an RFC 9457 problem (see {@link ProblemErrorController}). */
@Configuration(proxyBeanMethods = false)
class ErrorResponsesConfiguration {

	/** Swaps Tomcat's HTML error report for {@link ProblemReportValve} once the host has set it up. */
	@Bean
	TomcatContextCustomizer problemReportValve() {
		return context -> context.addLifecycleListener(event -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() instanceof Host host) {
				replaceErrorReportValve(host);
			}
		});
	}

	private static void replaceErrorReportValve(Container host) {
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve.getClass() == ErrorReportValve.class) {
				host.getPipeline().removeValve(valve);
				host.getPipeline().addValve(new ProblemReportValve());
			}
		}
	}

	/**
	 * An Accept header that does not parse ({@code *}{@code /*;q=x}) would leave no way to write any
	 * answer, not even a problem: it is treated as absent.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> unreadableAcceptHeaderFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						chain.doFilter(readable(request.getHeader("Accept")) ? request : withoutAccept(request),
								response);
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	private static boolean readable(String accept) {
		if (accept == null) {
			return true;
		}
		try {
			MediaType.parseMediaTypes(accept).forEach(MediaType::getQualityValue);
			return true;
		}
		catch (IllegalArgumentException ex) { // InvalidMediaTypeException among others
			return false;
		}
	}

	private static HttpServletRequest withoutAccept(HttpServletRequest request) {
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return "Accept".equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return "Accept".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}
		};
	}

}

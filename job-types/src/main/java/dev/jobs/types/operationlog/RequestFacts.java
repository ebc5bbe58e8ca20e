package dev.jobs.types.operationlog;

import java.security.Principal;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the current HTTP request says about a call: user, client, method, path, correlation id. Kept
 * apart so an application without Spring MVC never loads a servlet class.
 */
final class RequestFacts {

	private static final boolean WEB = ClassUtils.isPresent(
			"org.springframework.web.context.request.RequestContextHolder", RequestFacts.class.getClassLoader())
			&& ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", RequestFacts.class.getClassLoader());

	static final String CORRELATION_ATTRIBUTE = RequestFacts.class.getName() + ".correlationId";

	/** Outside a request the user is {@code system} (a scheduled task, a listener). */
	record Facts(String user, String clientIp, String userAgent, String httpMethod, String path,
			String correlationId) {
	}

	private RequestFacts() {
	}

	/**
	 * The current trace's id, as the application's tracer puts it in the logging context (Spring Boot's
	 * Micrometer Tracing does, for log correlation), so this module needs no tracing library; {@code null}
	 * without tracing or outside a span.
	 */
	static String traceId() {
		String traceId = MDC.get("traceId");
		return (traceId != null && !traceId.isBlank()) ? traceId : null;
	}

	static Facts current() {
		if (WEB) {
			Facts facts = Servlet.current();
			if (facts != null) {
				return facts;
			}
		}
		return new Facts("system", null, null, null, null, MDC.get("traceId"));
	}

	private static final class Servlet {

		static Facts current() {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (!(attributes instanceof ServletRequestAttributes servlet)) {
				return null;
			}
			HttpServletRequest request = servlet.getRequest();
			Principal principal = request.getUserPrincipal();
			String user = (principal != null && principal.getName() != null) ? principal.getName() : "anonymous";
			return new Facts(user, request.getRemoteAddr(), request.getHeader("User-Agent"), request.getMethod(),
					request.getRequestURI(), correlationId(request));
		}

		/** One id per request (so its entries group): the caller's header, the log's MDC, or a new one. */
		private static String correlationId(HttpServletRequest request) {
			Object known = request.getAttribute(CORRELATION_ATTRIBUTE);
			if (known instanceof String id) {
				return id;
			}
			String id = usable(request.getHeader("X-Correlation-Id"));
			if (id == null) {
				id = usable(request.getHeader("X-Request-Id"));
			}
			if (id == null) {
				id = usable(MDC.get("traceId"));
			}
			if (id == null) {
				id = UUID.randomUUID().toString();
			}
			request.setAttribute(CORRELATION_ATTRIBUTE, id);
			return id;
		}

		private static String usable(String id) {
			return (id == null || id.isBlank() || id.length() > 100) ? null : id;
		}

	}

}

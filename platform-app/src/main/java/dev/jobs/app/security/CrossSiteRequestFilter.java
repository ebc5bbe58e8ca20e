package dev.jobs.app.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.jobs.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request that a browser marks as coming from another site
 * ({@code Sec-Fetch-Site: cross-site}, or an {@code Origin} that is neither this service nor one
 * of {@code jobs.security.allowed-origins}), whatever credentials it carries: a browser attaches
 * cookies and cached Basic credentials to a forged cross-site form by itself, so credentials prove
 * nothing about intent. Programs send neither header and are not affected.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

	private final List<String> allowedOrigins;

	CrossSiteRequestFilter(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SecurityConfiguration.isSafe(request.getMethod()) && isCrossSite(request)) {
			Problems.write(response, 403, "cross-site-request", "Cross-site request refused",
					"A browser sent this state-changing request from another site (Sec-Fetch-Site or Origin); "
							+ "it is refused whatever its credentials. Call the API from this site, or from a "
							+ "program without those headers.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isCrossSite(HttpServletRequest request) {
		if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
			return true;
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return false;
		}
		return !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT)) && !sameOrigin(origin, request);
	}

	/**
	 * Whether the Origin names this service as the browser reached it (the Host header). Ports are
	 * compared only when Host names one: behind a TLS proxy the Host has none and the scheme differs.
	 */
	private static boolean sameOrigin(String origin, HttpServletRequest request) {
		String host = request.getHeader("Host");
		if (host == null) {
			return false;
		}
		URI uri;
		try {
			uri = URI.create(origin);
		}
		catch (IllegalArgumentException ex) {
			return false; // "null" (a sandboxed page, a file) and junk are not this site
		}
		if (uri.getHost() == null) {
			return false;
		}
		int colon = host.lastIndexOf(':');
		boolean hostHasPort = colon > 0 && host.indexOf(']', colon) < 0;
		String hostName = hostHasPort ? host.substring(0, colon) : host;
		if (!uri.getHost().equalsIgnoreCase(hostName)) {
			return false;
		}
		if (!hostHasPort) {
			return true;
		}
		int originPort = (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		return host.substring(colon + 1).equals(String.valueOf(originPort));
	}

}

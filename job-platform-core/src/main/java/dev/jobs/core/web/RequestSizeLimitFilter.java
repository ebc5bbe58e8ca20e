package dev.jobs.core.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code jobs.api.max-request-size} with 413, on every path, before
 * they are read into memory: by Content-Length when the client sends one, by counting otherwise.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	RequestSizeLimitFilter(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			response.setStatus(413);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter().write("{\"type\":\"https://jobs.dev/problems/payload-too-large\","
					+ "\"title\":\"Request too large\",\"status\":413,\"detail\":\"The request body has "
					+ request.getContentLengthLong() + " bytes; the most this API accepts is " + maxBytes
					+ " bytes (jobs.api.max-request-size).\"}");
			return;
		}
		chain.doFilter(new LimitedRequest(request, maxBytes), response);
	}

	/** Thrown while reading a body that turns out longer than the limit. */
	static final class TooLargeException extends IOException {

		TooLargeException(long maxBytes) {
			super("The request body is larger than " + maxBytes + " bytes (jobs.api.max-request-size)");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				ServletInputStream in = super.getInputStream();
				stream = new ServletInputStream() {
					private long count;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0 && ++count > maxBytes) {
							throw new TooLargeException(maxBytes);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int off, int len) throws IOException {
						int n = in.read(buffer, off, len);
						if (n > 0 && (count += n) > maxBytes) {
							throw new TooLargeException(maxBytes);
						}
						return n;
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}
				};
			}
			return stream;
		}

	}

}

package dev.jobs.app.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/** Writes an RFC 9457 problem from a filter or valve, where no controller advice reaches. */
public final class Problems {

	private Problems() {
	}

	public static void write(HttpServletResponse response, int status, String type, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(status, type, title, detail));
	}

	static String json(int status, String type, String title, String detail) {
		return "{\"type\":\"https://jobs.dev/problems/" + type + "\",\"title\":\"" + escape(title) + "\",\"status\":"
				+ status + ",\"detail\":\"" + escape(detail) + "\"}";
	}

	private static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/** A short type and title, and a detail that names no internals, for an error known only by its status. */
	static void writeForStatus(HttpServletResponse response, int status, String method) throws IOException {
		String type = switch (status) {
			case 400 -> "malformed-request";
			case 401 -> "unauthorized";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 413 -> "payload-too-large";
			case 414, 431 -> "request-too-large";
			case 415 -> "unsupported-media-type";
			default -> (status >= 500) ? "internal-error" : "client-error";
		};
		String title = switch (status) {
			case 400 -> "Malformed request";
			case 401 -> "Authentication required";
			case 403 -> "Not allowed";
			case 404 -> "Not found";
			case 405 -> "Method not allowed";
			case 406 -> "Not acceptable";
			case 413 -> "Request too large";
			case 414, 431 -> "Request line or headers too large";
			case 415 -> "Unsupported media type";
			default -> (status >= 500) ? "Internal error" : "Client error";
		};
		String detail = switch (status) {
			case 400 -> "The request could not be read: its URL, parameters, headers or body are malformed or contain "
					+ "characters this service does not accept.";
			case 401 -> "Sign in with HTTP Basic (username and password) or send Authorization: Bearer <API token>.";
			case 403 -> "You may not do this.";
			case 404 -> "Nothing is found at this address.";
			case 405 -> "This address does not accept " + ((method != null) ? method : "this method") + ".";
			case 406 -> "This address answers application/json or application/problem+json only.";
			case 413 -> "The request body is larger than this service accepts.";
			case 414, 431 -> "The request's URL or headers are longer than this service accepts.";
			case 415 -> "This address does not accept the request's Content-Type.";
			default -> (status >= 500) ? "An unexpected error occurred; it has been logged."
					: "The request was refused (" + status + ").";
		};
		write(response, status, type, title, detail);
	}

}

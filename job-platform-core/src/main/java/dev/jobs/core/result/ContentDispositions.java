package dev.jobs.core.result;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with a UTF-8 file name as RFC 6266 asks:
 * {@code filename*=UTF-8''<percent-encoded>} (RFC 8187/5987) for every current browser, plus a
 * plain ASCII {@code filename="..."} for old clients. Spring's builder writes an RFC 2047 encoded
 * word as the fallback, which HTTP does not define and some clients save literally.
 */
final class ContentDispositions {

	private static final String ATTR_CHARS = "!#$&+-.^_`|~";

	private ContentDispositions() {
	}

	static String attachment(String filename) {
		return "attachment; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''" + encode(filename);
	}

	/** The name with everything but printable ASCII dropped, e.g. {@code 员工信息_2026.xlsx -> 2026.xlsx}. */
	static String asciiFallback(String filename) {
		StringBuilder ascii = new StringBuilder(filename.length());
		for (int i = 0; i < filename.length(); i++) {
			char c = filename.charAt(i);
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != ';') {
				ascii.append(c);
			}
		}
		String name = ascii.toString().replaceAll("^[\\s_-]+", "").strip();
		int dot = name.lastIndexOf('.');
		String stem = (dot >= 0) ? name.substring(0, dot) : name;
		return stem.isBlank() ? "download" + ((dot >= 0) ? name.substring(dot) : "") : name;
	}

	static String encode(String filename) {
		StringBuilder out = new StringBuilder();
		for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATTR_CHARS.indexOf(c) >= 0) {
				out.append((char) c);
			}
			else {
				out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

}

package dev.jobs.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The string literals (and text blocks) of Java source files, comments left out: what SQL a class can send is
 * written in them. Bytecode rules (ArchUnit) cannot see strings, so the SQL rules read the sources.
 *
 * <p>A copy of the test kit's {@code dev.jobs.test.architecture.JavaStringLiterals}: the core's tests cannot
 * depend on the test kit, which depends on the core.
 */
final class JavaStringLiterals {

	/** One literal: the file, its line and its text (escapes left as written). */
	public record Literal(Path file, int line, String text) {

		@Override
		public String toString() {
			return file + ":" + line + " \"" + text.strip().replaceAll("\\s+", " ") + "\"";
		}

	}

	private JavaStringLiterals() {
	}

	/** Every literal of every {@code .java} file under {@code root}. */
	public static List<Literal> under(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(f -> f.toString().endsWith(".java")).sorted().flatMap(f -> of(f).stream()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The literals of one source file. */
	public static List<Literal> of(Path file) {
		try {
			return parse(file, Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Literal> parse(Path file, String code) {
		List<Literal> literals = new ArrayList<>();
		int line = 1;
		int i = 0;
		while (i < code.length()) {
			char c = code.charAt(i);
			if (c == '\n') {
				line++;
				i++;
			}
			else if (code.startsWith("//", i)) {
				i = code.indexOf('\n', i) < 0 ? code.length() : code.indexOf('\n', i);
			}
			else if (code.startsWith("/*", i)) {
				int end = code.indexOf("*/", i + 2);
				end = end < 0 ? code.length() : end + 2;
				line += count(code, i, end);
				i = end;
			}
			else if (code.startsWith("\"\"\"", i)) {
				int end = code.indexOf("\"\"\"", i + 3);
				end = end < 0 ? code.length() : end;
				literals.add(new Literal(file, line, code.substring(i + 3, end)));
				line += count(code, i, end);
				i = Math.min(code.length(), end + 3);
			}
			else if (c == '"' || c == '\'') {
				int end = i + 1;
				while (end < code.length() && code.charAt(end) != c && code.charAt(end) != '\n') {
					end += code.charAt(end) == '\\' ? 2 : 1;
				}
				if (c == '"') {
					literals.add(new Literal(file, line, code.substring(i + 1, Math.min(end, code.length()))));
				}
				i = end + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	private static int count(String code, int from, int to) {
		int lines = 0;
		for (int i = from; i < to; i++) {
			if (code.charAt(i) == '\n') {
				lines++;
			}
		}
		return lines;
	}

}

package dev.jobs.app.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Names no user may have, because the platform itself acts under them: {@code system} submits
 * jobs from Java code without a caller, {@code anonymous} is a local trial's caller, and names
 * starting with {@code system:} or {@code jobs:} are kept for the platform's future callers. A
 * user holding one would own, and see, the platform's own jobs. Compared without case.
 */
final class Usernames {

	private static final Set<String> RESERVED = Set.of("system", "anonymous");

	private static final Set<String> RESERVED_PREFIXES = Set.of("system:", "jobs:");

	private Usernames() {
	}

	/** Why the name is refused, if it is reserved. */
	static Optional<String> reserved(String username) {
		String name = username.toLowerCase(Locale.ROOT);
		if (RESERVED.contains(name) || RESERVED_PREFIXES.stream().anyMatch(name::startsWith)) {
			return Optional.of("is reserved for the platform's own callers (system, anonymous, system:*, jobs:*)");
		}
		return Optional.empty();
	}

}

package dev.jobs.chaos;

/** Where the chaos suite finds the jar and the services; environment variables with localhost defaults. */
final class ChaosSettings {

	private ChaosSettings() {
	}

	static String jar() {
		String jar = System.getProperty("chaos.jar");
		if (jar == null) {
			throw new IllegalStateException("System property chaos.jar (the packaged platform-app jar) is not set; "
					+ "run the chaos suite through Maven: ./mvnw -pl platform-app -am verify");
		}
		return jar;
	}

	/** The broker prefix of the chaos instances' queues, so parallel runs on one broker stay apart. */
	static String brokerPrefix() {
		return env("JOBS_CHAOS_BROKER_PREFIX", "jobs-chaos");
	}

	static String database() {
		return env("JOBS_CHAOS_DB_NAME", "jobs_chaos");
	}

	static String dbHost() {
		return env("JOBS_DB_HOST", "127.0.0.1");
	}

	static String dbPort() {
		return env("JOBS_DB_PORT", "5432");
	}

	static String dbUser() {
		return env("JOBS_DB_USER", "postgres");
	}

	static String dbPassword() {
		return env("JOBS_DB_PASSWORD", "");
	}

	static String rabbitHost() {
		return env("JOBS_RABBIT_HOST", "127.0.0.1");
	}

	static int rabbitPort() {
		return Integer.parseInt(env("JOBS_RABBIT_PORT", "5672"));
	}

	static String rabbitUser() {
		return env("JOBS_RABBIT_USER", "guest");
	}

	static String rabbitPassword() {
		return env("JOBS_RABBIT_PASSWORD", "guest");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}

package dev.jobs.types;

import java.util.Map;

import dev.jobs.test.architecture.ModuleArchitectureTest;

/**
 * The built-in job types module uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link ModuleArchitectureTest} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes.
 */
class JobTypesArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.types";
	}

	@Override
	protected Map<String, String> allowedToSleep() {
		return Map.of("dev.jobs.types.operationlog.OperationLogRetentionBenchmark",
				"a benchmark, not a test: its inserter keeps a steady pace and it measures a baseline window of "
						+ "fixed length, both the load it measures the deletion under");
	}

}

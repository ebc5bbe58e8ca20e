package dev.jobs.app;

import java.util.Map;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jobs.test.architecture.JobPlatformArchitecture;
import dev.jobs.test.architecture.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * The application uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link JobPlatformArchitecture} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes; and
 * every controller it serves has one problem mapping.
 */
class PlatformAppArchitectureTest extends ModuleArchitectureTest {

	@Override
	protected String rootPackage() {
		return "dev.jobs.app";
	}

	@Override
	protected Map<String, String> allowedToSleep() {
		return Map.of("dev.jobs.chaos.Faults",
				"an outage lasts a fixed time: its sleep is the fault the chaos suite injects",
				"dev.jobs.chaos.OperationLogOutageIntegrationTest",
				"spreads 4,000 calls evenly over an outage: the pause between calls shapes the load, it waits for nothing",
				"dev.jobs.bench.oplog.OperationLogBenchmark",
				"a benchmark, not a test: clients run for a fixed number of seconds and an open-loop client sends on a "
						+ "timetable, both the load it measures");
	}

	/** Every controller the application serves, its own and those of the modules it runs (core, job types). */
	@Test
	void everyRestControllerHasOneProblemMapping() {
		JobPlatformArchitecture.everyRestControllerHasOneProblemMapping()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.jobs"));
	}

}

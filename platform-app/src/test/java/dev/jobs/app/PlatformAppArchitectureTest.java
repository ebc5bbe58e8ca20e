package dev.jobs.app;

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

	/** Every controller the application serves, its own and those of the modules it runs (core, job types). */
	@Test
	void everyRestControllerHasOneProblemMapping() {
		JobPlatformArchitecture.everyRestControllerHasOneProblemMapping()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.jobs"));
	}

}

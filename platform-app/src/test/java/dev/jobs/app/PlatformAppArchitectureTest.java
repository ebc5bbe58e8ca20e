package dev.jobs.app;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jobs.test.architecture.JobPlatformArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The application uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link JobPlatformArchitecture} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes; and
 * every controller it serves has one problem mapping.
 */
class PlatformAppArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.jobs.app");

	@Test
	void usesOnlyTheCoresSpi() {
		JobPlatformArchitecture.useOnlyTheCoresSpi().check(MAIN);
	}

	/** Every controller the application serves, its own and those of the modules it runs (core, job types). */
	@Test
	void everyRestControllerHasOneProblemMapping() {
		JobPlatformArchitecture.everyRestControllerHasOneProblemMapping()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("dev.jobs"));
	}

	@Test
	void writesNoSqlOnTheJobTables() {
		JobPlatformArchitecture.assertNoJobTableSql(Path.of("src/main/java"));
	}

}

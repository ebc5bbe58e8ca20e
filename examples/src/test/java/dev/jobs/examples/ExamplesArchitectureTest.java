package dev.jobs.examples;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jobs.test.architecture.JobPlatformArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The examples module, as a team's module of job types would, uses the core through its public SPI only, and writes no SQL on the core's job tables: the rules of
 * {@link JobPlatformArchitecture} (docs/ARCHITECTURE.md, "Rules as tests"), on this module's main classes.
 */
class ExamplesArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.jobs.examples");

	@Test
	void usesOnlyTheCoresSpi() {
		JobPlatformArchitecture.useOnlyTheCoresSpi().check(MAIN);
	}

	@Test
	void writesNoSqlOnTheJobTables() {
		JobPlatformArchitecture.assertNoJobTableSql(Path.of("src/main/java"));
	}

}

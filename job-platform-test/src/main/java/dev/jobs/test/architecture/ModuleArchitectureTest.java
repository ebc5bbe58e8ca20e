package dev.jobs.test.architecture;

import java.nio.file.Path;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules every module outside the core keeps ({@code docs/ARCHITECTURE.md}, "Rules as tests"): it uses
 * the core through its public SPI only, and writes no SQL on the core's job tables. A module's test
 * extends this class and names its root package; a team's own application can do the same.
 */
public abstract class ModuleArchitectureTest {

	/** The module's root package, e.g. {@code "dev.jobs.dashboard"}: its main classes are checked. */
	protected abstract String rootPackage();

	@Test
	public void usesOnlyTheCoresSpi() {
		JobPlatformArchitecture.useOnlyTheCoresSpi()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages(rootPackage()));
	}

	@Test
	public void writesNoSqlOnTheJobTables() {
		JobPlatformArchitecture.assertNoJobTableSql(Path.of("src/main/java"));
	}

}

package dev.jobs.test.architecture;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules every module outside the core keeps ({@code docs/ARCHITECTURE.md}, "Rules as tests"): it uses
 * the core through its public SPI only, writes no SQL on the core's job tables, and its tests wait on
 * conditions, not sleeps. A module's test extends this class and names its root package; a team's own
 * application can do the same.
 */
public abstract class ModuleArchitectureTest {

	/** The module's root package, e.g. {@code "dev.jobs.dashboard"}: its main classes are checked. */
	protected abstract String rootPackage();

	/**
	 * The module's test classes whose sleeps are the thing under test, each with its reason (top-level class
	 * name to reason); none by default.
	 */
	protected Map<String, String> allowedToSleep() {
		return Map.of();
	}

	/** Where the module's test code is compiled (Maven's layout); the test kit adds its own main classes. */
	protected List<Path> testCode() {
		return List.of(Path.of("target/test-classes"));
	}

	@Test
	public void usesOnlyTheCoresSpi() {
		JobPlatformArchitecture.useOnlyTheCoresSpi()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages(rootPackage()));
	}

	@Test
	public void constructorsTakeFewCollaborators() {
		JobPlatformArchitecture.constructorsTakeFewCollaborators()
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages(rootPackage()));
	}

	@Test
	public void writesNoSqlOnTheJobTables() {
		JobPlatformArchitecture.assertNoJobTableSql(Path.of("src/main/java"));
	}

	/** Only {@code PlatformSchema} names the platform's schema in SQL: no literal schema, no search_path. */
	@Test
	public void namesThePlatformsTablesThroughThePlatformSchema() {
		JobPlatformArchitecture.assertTablesNamedThroughThePlatformSchema(Path.of("src/main/java"));
	}

	@Test
	public void testsWaitOnConditionsNotSleeps() {
		JobPlatformArchitecture.waitOnConditionsNotSleeps(allowedToSleep())
			.check(new ClassFileImporter().importPaths(testCode()));
	}

}

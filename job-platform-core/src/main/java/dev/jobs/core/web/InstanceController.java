package dev.jobs.core.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.jobs.core.PlatformInstances;
import dev.jobs.core.PlatformInstances.PlatformInstance;
import dev.jobs.core.PlatformInstances.State;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The instances of the platform sharing this database, live and recently gone. */
@RestController
@RequestMapping("/api/instances")
@Tag(name = "Instances", description = "The processes running the platform on this database")
class InstanceController {

	private final PlatformInstances instances;

	private final JobAccess access;

	InstanceController(PlatformInstances instances, JobAccess access) {
		this.instances = instances;
		this.access = access;
	}

	@GetMapping
	@Operation(summary = "Every instance of the platform, live ones first",
			description = "Host, process, version, start time, last heartbeat, consumers and running attempts per "
					+ "job type. An instance without a heartbeat for jobs.instances.gone-after is GONE (killed, cut "
					+ "off or frozen); one that shut down cleanly is STOPPED. Administrators and readers only.")
	List<InstanceResponse> list(HttpServletRequest http) {
		access.requireSeesAll(http, "The instances list is for administrators and readers " + access.adminRoles());
		String self = instances.self();
		return instances.all().stream().map(i -> InstanceResponse.of(i, self)).toList();
	}

	/**
	 * @param self whether this is the instance that answered
	 * @param secondsSinceHeartbeat by the database's clock
	 */
	record InstanceResponse(String id, String host, long pid, String version, Instant startedAt,
			Instant lastHeartbeat, long secondsSinceHeartbeat, State state, boolean self,
			Map<String, Integer> consumers, Map<String, Integer> running, int runningTotal) {

		static InstanceResponse of(PlatformInstance i, String self) {
			return new InstanceResponse(i.id(), i.host(), i.pid(), i.version(), i.startedAt(), i.lastHeartbeat(),
					i.sinceHeartbeat().toSeconds(), i.state(), i.id().equals(self), i.consumers(), i.running(),
					i.runningTotal());
		}

	}

}

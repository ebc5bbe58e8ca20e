package dev.jobs.types.operationlog;

import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Names that hold secrets, and their masking: in arguments, diffs and rendered messages alike. */
final class Secrets {

	static final String MASK = "******";

	private static final Pattern SECRET = Pattern.compile(
			"(?i).*(password|passwd|pwd|secret|token|credential|api[-_]?key|private[-_]?key|authorization|cookie).*");

	private Secrets() {
	}

	static boolean isSecret(String name) {
		return name != null && SECRET.matcher(name).matches();
	}

	/** Replaces, in place, the value of every property named like a secret, at any depth. */
	static JsonNode mask(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				if (isSecret(property.getKey()) && !property.getValue().isNull()) {
					object.put(property.getKey(), MASK);
				}
				else {
					mask(property.getValue());
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(Secrets::mask);
		}
		return node;
	}

}

package dev.junction.openai;

import io.vertx.core.json.JsonObject;

/** The small OpenAPI 3.1 documents the {@link OpenAiBackend}s serve. */
final class OpenAiDocuments {
  private OpenAiDocuments() {}

  static JsonObject document(String name, boolean modelServer) {
    JsonObject paths = new JsonObject();
    JsonObject schemas = new JsonObject();
    if (modelServer) {
      paths.put("/models", new JsonObject().put("get", op("listModels", "The models " + name + " serves", "ModelList")));
      paths.put("/chat/completions", new JsonObject().put("post", op("createChatCompletion", "A completion", "ChatCompletion")
          .put("requestBody", new JsonObject().put("required", true).put("content", json(ref("ChatRequest"))))));
      schemas.put("ModelList", new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("object", new JsonObject().put("const", "list"))
          .put("data", new JsonObject().put("type", "array").put("items", ref("Model")))));
      schemas.put("Model", new JsonObject().put("type", "object").put("required", new io.vertx.core.json.JsonArray().add("id"))
          .put("properties", new JsonObject().put("id", str()).put("owned_by", str())));
      schemas.put("ChatRequest", new JsonObject().put("type", "object")
          .put("required", new io.vertx.core.json.JsonArray().add("model").add("messages"))
          .put("properties", new JsonObject().put("model", str()).put("stream", new JsonObject().put("type", "boolean"))
              .put("messages", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "object")))));
      schemas.put("ChatCompletion", new JsonObject().put("type", "object")
          .put("properties", new JsonObject().put("id", str()).put("model", str())));
    } else {
      paths.put("/audio/speech", new JsonObject().put("post", new JsonObject().put("operationId", "createSpeech")
          .put("requestBody", new JsonObject().put("content", json(new JsonObject().put("type", "object")
              .put("properties", new JsonObject().put("input", str()).put("voice", str())))))
          .put("responses", new JsonObject().put("200", new JsonObject().put("description", "Audio")
              .put("content", new JsonObject().put("audio/mpeg", new JsonObject()))))));
    }
    JsonObject doc = new JsonObject().put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", name).put("version", "1.0"))
        .put("paths", paths);
    return schemas.isEmpty() ? doc : doc.put("components", new JsonObject().put("schemas", schemas));
  }

  private static JsonObject op(String id, String description, String schema) {
    return new JsonObject().put("operationId", id).put("responses", new JsonObject().put("200",
        new JsonObject().put("description", description).put("content", json(ref(schema)))));
  }

  private static JsonObject json(JsonObject schema) {
    return new JsonObject().put("application/json", new JsonObject().put("schema", schema));
  }

  private static JsonObject ref(String name) {
    return new JsonObject().put("$ref", "#/components/schemas/" + name);
  }

  private static JsonObject str() {
    return new JsonObject().put("type", "string");
  }
}

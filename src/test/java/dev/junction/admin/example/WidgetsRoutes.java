package dev.junction.admin.example;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

public final class WidgetsRoutes {
  public static final String TAG = "widgets";

  private WidgetsRoutes() {}

  public static void register(ApiRegistry registry, WidgetsService service) {
    registry.tag(TAG, "Widgets: list and add them.");
    registry.add(ApiOperation.get("/widgets")
        .operationId("listWidgets")
        .summary("List every widget")
        .tag(TAG)
        .response(200, "The widgets, sorted by name.", TypeRef.listOf(Widget.class))
        .handler(req -> service.list())
        .build());
    registry.add(ApiOperation.post("/widgets")
        .operationId("addWidget")
        .summary("Add a widget")
        .description("409 when the name is taken.")
        .tag(TAG)
        .requestBody(Widget.class)
        .response(201, "Added.", TypeRef.of(Widget.class))
        .handler(req -> service.add(req.body(Widget.class)))
        .build());
  }
}

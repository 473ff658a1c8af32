package dev.junction.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.annotations.media.Schema;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The framework refuses inconsistent declarations and names the operation at fault. */
class ApiRegistryTest {

  @Schema(description = "A thing.")
  record Thing(@Schema(description = "Its name.") String name, @Schema(description = "Its note.") @Nullable String note,
      @Schema(description = "Its size.") int size) {}

  @Schema(description = "Undescribed inside.")
  record Sloppy(@Schema(description = "Fine.") String a, String b) {}

  record Nameless(@Schema(description = "Fine.") String a) {}

  static ApiOperation.Builder get(String path, String id) {
    return ApiOperation.get(path).operationId(id).summary("S").tag("t")
        .response(200, "OK.", TypeRef.of(Thing.class))
        .handler(req -> Future.succeededFuture(new Thing("x", null, 1)));
  }

  static ApiRegistry registry() {
    return new ApiRegistry().tag("t", "Tests.");
  }

  @Test
  void aValidOperationIsListedWithItsPathAndTypes() {
    ApiRegistry r = registry().add(get("/things/{id}", "getThing").parameter(ApiParameter.path("id", "The id.")).build());
    assertThat(r.paths()).containsExactly("/things/{id}");
    assertThat(r.schemaTypes()).containsExactly(Problem.class, Thing.class);
    assertThat(r.operations().get(0).vertxPath()).isEqualTo("/things/:id");
  }

  @Test
  void aDuplicateOperationIdIsRefused() {
    ApiRegistry r = registry().add(get("/a", "same").build());
    assertThatThrownBy(() -> r.add(get("/b", "same").build()))
        .hasMessageContaining("operation same (GET /b): operationId already used by same (GET /a)");
  }

  @Test
  void theSameRouteWithAnotherParameterNameIsRefused() {
    ApiRegistry r = registry().add(get("/a/{x}", "one").parameter(ApiParameter.path("x", "X.")).build());
    assertThatThrownBy(() -> r.add(get("/a/{y}", "two").parameter(ApiParameter.path("y", "Y.")).build()))
        .hasMessageContaining("same route as one (GET /a/{x})");
  }

  @Test
  void anUndeclaredTagIsRefused() {
    assertThatThrownBy(() -> new ApiRegistry().add(get("/a", "a").build()))
        .hasMessageContaining("tag 't' undeclared");
  }

  @Test
  void anUndescribedComponentIsRefusedByName() {
    ApiOperation op = ApiOperation.get("/s").operationId("s").summary("S").tag("t")
        .response(200, "OK.", TypeRef.of(Sloppy.class)).handler(req -> Future.succeededFuture()).build();
    assertThatThrownBy(() -> registry().add(op)).hasMessageContaining("Sloppy.b: no @Schema(description)");
  }

  @Test
  void anUndescribedRecordIsRefusedByName() {
    ApiOperation op = ApiOperation.get("/n").operationId("n").summary("S").tag("t")
        .response(200, "OK.", TypeRef.listOf(Nameless.class)).handler(req -> Future.succeededFuture()).build();
    assertThatThrownBy(() -> registry().add(op)).hasMessageContaining("Nameless: no @Schema(description)");
  }

  @Test
  void pathParametersMustMatchThePath() {
    assertThatThrownBy(() -> get("/a/{id}", "a").build())
        .hasMessageContaining("path parameters: declared [] (expected: [id], the {names} in the path)");
  }

  @Test
  void standardErrorsAreNotDeclaredPerOperation() {
    assertThatThrownBy(() -> get("/a", "a").response(404, "Missing.", TypeRef.none()).build())
        .hasMessageContaining("responses: 404 declared");
  }

  @Test
  void aBodyOnGetIsRefused() {
    assertThatThrownBy(() -> get("/a", "a").requestBody(Thing.class).build())
        .hasMessageContaining("requestBody: Thing on GET (expected: POST, PUT or PATCH)");
  }

  @Test
  void aNoContentResponseCannotHaveABody() {
    assertThatThrownBy(() -> new ResponseSpec(204, "Gone.", TypeRef.of(Thing.class)))
        .hasMessageContaining("body: Thing for 204 (expected: no body)");
  }

  @Test
  void changesNeedTheTokenByDefaultAndReadsDoNot() {
    ApiOperation delete = ApiOperation.builder(HttpMethod.DELETE, "/a").operationId("a").summary("S").tag("t")
        .response(204, "Gone.", TypeRef.none()).handler(req -> Future.succeededFuture()).build();
    assertThat(delete.mutating()).isTrue();
    assertThat(get("/a", "a").build().mutating()).isFalse();
  }

  @Test
  void requiredComponentsAreThoseNotNullable() {
    assertThat(ApiTypes.requiredNames(Thing.class)).isEqualTo(List.of("name", "size"));
  }

  @Test
  void anIntegerParameterChecksItsRange() {
    ApiParameter p = ApiParameter.query("n", ApiParameter.ParamType.INTEGER, "N.").withRange(1L, 10L);
    assertThat(p.convert("10")).isEqualTo(10L);
    assertThatThrownBy(() -> p.convert("11")).hasMessage("n: 11 (expected: <= 10)");
  }
}

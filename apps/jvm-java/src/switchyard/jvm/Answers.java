package switchyard.jvm;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** One place that turns the services' exceptions into the gRPC status codes the emulator answers for them. */
final class Answers {
  private Answers() {}

  interface Handler<T> {
    T handle() throws Exception;
  }

  /** Runs a handler and answers its response, or its failure as the gRPC status the emulator answers for it. */
  static <T> void answer(StreamObserver<T> responses, Handler<T> handler) {
    T response;
    try {
      response = handler.handle();
    } catch (SqlValidator.RequestException | SyncTasks.InvalidTaskException error) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(error.getMessage()).asRuntimeException());
      return;
    } catch (SyncTasks.TaskNotFoundException error) {
      responses.onError(Status.NOT_FOUND.withDescription(error.getMessage()).asRuntimeException());
      return;
    } catch (SqlValidator.CatalogUnavailableException error) {
      responses.onError(Status.UNAVAILABLE.withDescription(error.getMessage()).asRuntimeException());
      return;
    } catch (Exception error) {
      responses.onError(Status.INTERNAL.withDescription(String.valueOf(error.getMessage())).withCause(error).asRuntimeException());
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}

package switchyard.jvm;

import com.dataplatform.seatunnel.v1.CancelTaskRequest;
import com.dataplatform.seatunnel.v1.CancelTaskResponse;
import com.dataplatform.seatunnel.v1.GetTaskStatusRequest;
import com.dataplatform.seatunnel.v1.GetTaskStatusResponse;
import com.dataplatform.seatunnel.v1.SubmitTaskRequest;
import com.dataplatform.seatunnel.v1.SubmitTaskResponse;
import com.dataplatform.seatunnel.v1.SyncServiceGrpc;
import com.dataplatform.seatunnel.v1.SyncTask;
import io.grpc.stub.StreamObserver;

/** seatunnel.v1.SyncService over {@link SyncTasks}. */
final class SyncService extends SyncServiceGrpc.SyncServiceImplBase {
  private final SyncTasks tasks;

  SyncService(SyncTasks tasks) {
    this.tasks = tasks;
  }

  @Override
  public void submitTask(SubmitTaskRequest request, StreamObserver<SubmitTaskResponse> responses) {
    Answers.answer(responses, () -> {
      SyncTask task = tasks.submit(request.getTask(), request.getTableMappingMap(), request.getIdempotencyKey());
      return SubmitTaskResponse.newBuilder().setTaskId(task.getId()).setTask(task).build();
    });
  }

  @Override
  public void getTaskStatus(GetTaskStatusRequest request, StreamObserver<GetTaskStatusResponse> responses) {
    Answers.answer(responses, () -> GetTaskStatusResponse.newBuilder().setTask(tasks.status(request.getTaskId())).build());
  }

  /** success: the task is cancelled (now or before); a task that had already finished otherwise says so in message. */
  @Override
  public void cancelTask(CancelTaskRequest request, StreamObserver<CancelTaskResponse> responses) {
    Answers.answer(responses, () -> {
      SyncTask task = tasks.cancel(request.getTaskId());
      boolean success = task.getStatus().equals("CANCELLED");
      return CancelTaskResponse.newBuilder().setSuccess(success).setMessage(success ? "" : "Task already " + task.getStatus())
          .setTask(task).build();
    });
  }
}

package io.rewardstream.scorer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/** The tensors of one ONNX Runtime call, made over direct buffers and closed together. */
final class TensorScope implements AutoCloseable {

  private final OrtEnvironment env;
  private final List<OnnxTensor> open = new ArrayList<>();

  TensorScope(OrtEnvironment env) {
    this.env = env;
  }

  OnnxTensor add(LongBuffer data, long[] shape) throws OrtException {
    OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape);
    open.add(tensor);
    return tensor;
  }

  OnnxTensor add(FloatBuffer data, long[] shape) throws OrtException {
    OnnxTensor tensor = OnnxTensor.createTensor(env, data, shape);
    open.add(tensor);
    return tensor;
  }

  @Override
  public void close() {
    open.forEach(OnnxTensor::close);
  }
}

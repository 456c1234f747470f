//===- OpenCLRuntimeTest.cpp - the runtime's OpenCL glue ------------------===//
//
// The glue on a hand-written program: a run, the program cache, and the
// errors (named calls, build logs). The tests that need a device skip,
// saying so, where the machine has no OpenCL platform.
//
//===----------------------------------------------------------------------===//

#include "edgecc_opencl.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

// out[i] = in[i] + weights[i] for 4 floats; the input sits at byte 0 of the
// arena and the output at byte 16, as a generated model would place them.
const char kAddSource[] = R"(
__kernel void add(__global uchar *arena, __global const uchar *weights) {
  const int gid = (int)get_global_id(0);
  if (gid >= 4) return;
  __global const float *in = (__global const float *)(arena + 0);
  __global float *out = (__global float *)(arena + 16);
  out[gid] = in[gid] + ((__global const float *)weights)[gid];
}
)";
const float kWeights[4] = {10, 20, 30, 40};
const int64_t kShape[1] = {4};
const edgecc_tensor_info kInput = {"x", EDGECC_DTYPE_FLOAT32, 1, kShape, 16, 0};
const edgecc_tensor_info kOutput = {"y", EDGECC_DTYPE_FLOAT32, 1, kShape, 16,
                                    0};
const char *const kNames[1] = {"add"};
const edgecc_opencl_launch kLaunches[1] = {{4, 4}};
const size_t kInputOffsets[1] = {0}, kOutputOffsets[1] = {16};

edgecc_opencl_program program(const char *source) {
  return {source,
          std::strlen(source),
          "-cl-std=CL1.2",
          42,
          kWeights,
          sizeof kWeights,
          32,
          1,
          kNames,
          kLaunches,
          1,
          1,
          &kInput,
          &kOutput,
          kInputOffsets,
          kOutputOffsets};
}

/// A session with room for one kernel, zeroed.
struct Session {
  edgecc_opencl_session base{};
  void *kernels[1] = {};
  size_t groups[1] = {};
  ~Session() { edgecc_opencl_release(&base, kernels, nullptr); }
};

bool hasPlatform() {
  Session probe;
  edgecc_opencl_program add = program(kAddSource);
  edgecc_status status = edgecc_opencl_init(&probe.base, probe.kernels,
                                            probe.groups, &add, nullptr);
  edgecc_opencl_release(&probe.base, probe.kernels, &add);
  return status != EDGECC_ERROR_NO_DEVICE;
}

/// An in-memory program cache.
struct MemoryCache {
  std::map<uint64_t, std::vector<unsigned char>> binaries;
  std::vector<unsigned char> pending;
  int loads = 0, saves = 0;
  edgecc_opencl_cache hooks() {
    return {this,
            [](void *user, uint64_t key, size_t *bytes) -> const void * {
              auto *cache = static_cast<MemoryCache *>(user);
              auto it = cache->binaries.find(key);
              if (it == cache->binaries.end())
                return nullptr;
              ++cache->loads;
              *bytes = it->second.size();
              return it->second.data();
            },
            [](void *user, uint64_t, size_t bytes) -> void * {
              auto *cache = static_cast<MemoryCache *>(user);
              cache->pending.assign(bytes, 0);
              return cache->pending.data();
            },
            [](void *user, uint64_t key, void *, size_t) {
              auto *cache = static_cast<MemoryCache *>(user);
              cache->binaries[key] = cache->pending;
              ++cache->saves;
            }};
  }
};

TEST(OpenCLRuntimeTest, NullArgumentsAndUnstartedSessions) {
  edgecc_opencl_program add = program(kAddSource);
  EXPECT_EQ(edgecc_opencl_init(nullptr, nullptr, nullptr, &add, nullptr),
            EDGECC_ERROR_NULL_ARGUMENT);
  Session session;
  EXPECT_STREQ(edgecc_opencl_describe(&session.base), "no OpenCL error");
  float x[4] = {}, y[4];
  const void *inputs[1] = {x};
  void *outputs[1] = {y};
  EXPECT_EQ(edgecc_opencl_run(&session.base, session.kernels, session.groups,
                              &add, inputs, nullptr),
            EDGECC_ERROR_NULL_ARGUMENT);
  // Never started: an error naming the run, not a crash.
  EXPECT_EQ(edgecc_opencl_run(&session.base, session.kernels, session.groups,
                              &add, inputs, outputs),
            EDGECC_ERROR_DEVICE);
  EXPECT_STREQ(edgecc_opencl_describe(&session.base),
               "edgecc_opencl_run failed: CL_INVALID_COMMAND_QUEUE (-36)");
  edgecc_opencl_release(&session.base, session.kernels, &add);
  edgecc_opencl_release(&session.base, session.kernels, &add); // twice is fine
  EXPECT_STREQ(edgecc_opencl_error_name(-1001), "CL_PLATFORM_NOT_FOUND_KHR");
}

TEST(OpenCLRuntimeTest, RunsAndCachesAProgram) {
  if (!hasPlatform())
    GTEST_SKIP() << "no OpenCL platform on this machine";
  edgecc_opencl_program add = program(kAddSource);
  MemoryCache memory;
  edgecc_opencl_cache cache = memory.hooks();
  edgecc_opencl_options options = {EDGECC_OPENCL_ANY_DEVICE, &cache};
  for (int start = 0; start < 2; ++start) {
    Session session;
    ASSERT_EQ(edgecc_opencl_init(&session.base, session.kernels, session.groups,
                                 &add, &options),
              EDGECC_OK)
        << edgecc_opencl_describe(&session.base);
    EXPECT_EQ(session.base.from_cache, start);
    EXPECT_EQ(session.groups[0], 4u);
    float x[4] = {1, 2, 3, 4}, y[4] = {};
    const void *inputs[1] = {x};
    void *outputs[1] = {y};
    ASSERT_EQ(edgecc_opencl_run(&session.base, session.kernels, session.groups,
                                &add, inputs, outputs),
              EDGECC_OK)
        << edgecc_opencl_describe(&session.base);
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(y[i], x[i] + kWeights[i]);
  }
  EXPECT_EQ(memory.saves, 1);
  EXPECT_EQ(memory.loads, 1);
}

TEST(OpenCLRuntimeTest, BuildFailureNamesTheCallAndKeepsTheLog) {
  if (!hasPlatform())
    GTEST_SKIP() << "no OpenCL platform on this machine";
  edgecc_opencl_program broken =
      program("__kernel void add(__global uchar *a) { undeclared = 1; }");
  Session session;
  EXPECT_EQ(edgecc_opencl_init(&session.base, session.kernels, session.groups,
                               &broken, nullptr),
            EDGECC_ERROR_DEVICE);
  EXPECT_STREQ(edgecc_opencl_describe(&session.base),
               "clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (-11)");
  EXPECT_NE(std::string(session.base.build_log).find("undeclared"),
            std::string::npos)
      << session.base.build_log;
}

} // namespace

# lit configuration for edgecc's regression tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "EDGECC"
# An external shell, so that tests can check exact exit codes with $?.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.edgecc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "example-app",
                   "models", "e2e", "Inputs"]

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["edgecc-opt", "edgecc-run", "edgecc-fuzz-import", "edgecc"],
                                   [config.edgecc_tools_dir])
config.substitutions.append(("%test_python", config.edgecc_python))
config.substitutions.append(("%edgecc_obj_root", config.edgecc_obj_root))
config.substitutions.append(("%edgecc_include", os.path.join(config.edgecc_obj_root, "include")))
config.substitutions.append(("%edgecc_lib", os.path.join(config.edgecc_obj_root, "lib")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

# OpenCL: PoCL keeps its kernel cache in the build tree. Tests that run on
# an OpenCL device need one (a platform the ICD loader finds); without it
# they are reported UNSUPPORTED, and opencl.test checks the skip itself.
config.environment["POCL_CACHE_DIR"] = os.path.join(config.edgecc_obj_root, "pocl-cache")


def has_opencl_platform():
    import ctypes
    try:
        library = ctypes.CDLL("libOpenCL.so.1")
    except OSError:
        return False
    count = ctypes.c_uint(0)
    return library.clGetPlatformIDs(0, None, ctypes.byref(count)) == 0 and count.value > 0


if has_opencl_platform():
    config.available_features.add("opencl-device")

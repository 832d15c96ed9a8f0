# FindLibnet.cmake - Debian's libnet 1.1.6 ships no pkg-config file.
#
# Defines the imported target Libnet::Libnet.  libnet-config's flags are not
# used: its -D_BSD_SOURCE makes glibc emit a #warning, which -Werror turns
# into a failure; libnet's headers only need _DEFAULT_SOURCE and
# HAVE_NET_ETHERNET_H.
find_path(LIBNET_INCLUDE_DIR NAMES libnet.h)
find_library(LIBNET_LIBRARY NAMES net)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Libnet
	REQUIRED_VARS LIBNET_LIBRARY LIBNET_INCLUDE_DIR)

if(Libnet_FOUND AND NOT TARGET Libnet::Libnet)
	add_library(Libnet::Libnet UNKNOWN IMPORTED)
	set_target_properties(Libnet::Libnet PROPERTIES
		IMPORTED_LOCATION "${LIBNET_LIBRARY}"
		INTERFACE_INCLUDE_DIRECTORIES "${LIBNET_INCLUDE_DIR}"
		INTERFACE_COMPILE_DEFINITIONS
			"_DEFAULT_SOURCE;HAVE_NET_ETHERNET_H")
endif()
mark_as_advanced(LIBNET_INCLUDE_DIR LIBNET_LIBRARY)

# language: vi
Tính năng: Đăng nhập bằng thẻ Căn cước công dân gắn chip
  Người dân đặt thẻ CCCD lên đầu đọc, nhập số định danh và ngày sinh để mở chip (BAC),
  ki-ốt đọc chip và hệ thống tỉnh xác thực dữ liệu đã ký.

  Bối cảnh:
    Biết ki-ốt đang chờ ở màn hình chào

  @wire
  Kịch bản: Đăng nhập thành công bằng thẻ chip
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Thì màn hình hiển thị "Đăng nhập thành công"
    Và màn hình hiển thị tên của người dân
    Và màn hình không hiển thị số định danh đầy đủ
    Khi người dân chạm "Tiếp tục"
    Thì ki-ốt ở màn hình trang chủ

  Kịch bản: Nhập sai ngày sinh thì chip không mở
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập số định danh với ngày sinh "01011980"
    Thì màn hình hiển thị "Chưa đăng nhập được"
    Và màn hình hiển thị "Vui lòng kiểm tra số định danh và ngày sinh"
    Và màn hình hiển thị "Thử lại"
    Và màn hình không hiển thị "Đăng nhập bằng VNeID"
    Và ki-ốt chưa đăng nhập

  @wire
  Kịch bản: Rút thẻ ra khi đang đọc chip
    Biết thẻ sẽ bị rút ra sau 6 lệnh APDU
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Thì màn hình hiển thị "Đặt thẻ lên mặt kính"
    Và màn hình hiển thị "Thẻ đã bị nhấc ra khi đang đọc. Vui lòng đặt lại thẻ và giữ yên."
    Và đầu đọc không còn thẻ
    Và ki-ốt chưa đăng nhập

  Kịch bản: Thẻ đã hết hạn bị từ chối
    Biết thẻ của người dân đã hết hạn
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Thì màn hình hiển thị "Chưa đăng nhập được"
    Và màn hình hiển thị "Thẻ căn cước của bạn đã hết hạn"
    Và màn hình hiển thị "Đăng nhập bằng VNeID"
    Và màn hình hiển thị "Gọi cán bộ hỗ trợ"
    Và màn hình không hiển thị "Thử lại"
    Và màn hình không hiển thị "kiểm tra số định danh và ngày sinh"
    Và ki-ốt chưa đăng nhập

  @wire
  Kịch bản: Dữ liệu chip bị sửa sau khi ký thì bị từ chối
    Biết dữ liệu nhóm DG13 trên chip đã bị sửa
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Thì màn hình hiển thị "Chưa đăng nhập được"
    Và màn hình hiển thị "Không xác thực được dữ liệu trong chip của thẻ"
    Và màn hình không hiển thị "Phiên đăng nhập đã hết hạn"
    Và màn hình hiển thị "Đăng nhập bằng VNeID"
    Và màn hình không hiển thị "Thử lại"
    Và ki-ốt chưa đăng nhập

  Kịch bản: Thẻ hết hạn thì đăng nhập bằng VNeID ngay từ màn hình báo lỗi
    Biết thẻ của người dân đã hết hạn
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Và người dân chạm "Đăng nhập bằng VNeID"
    Thì ki-ốt ở màn hình đăng nhập
    Và màn hình hiển thị "Quét mã bằng ứng dụng VNeID"
    Khi người dân xác nhận đăng nhập trên điện thoại
    Và 3 giây trôi qua
    Thì màn hình hiển thị "Đăng nhập thành công"
    Và màn hình hiển thị tên của người dân

  Kịch bản: Dữ liệu chip bị sửa thì gọi cán bộ và biết cần mang gì
    Biết dữ liệu nhóm DG13 trên chip đã bị sửa
    Khi người dân chạm "Chạm để bắt đầu"
    Và người dân chạm "Thẻ căn cước gắn chip (cả thẻ CCCD cũ)"
    Và người dân đặt thẻ lên đầu đọc
    Và người dân nhập đúng số định danh và ngày sinh
    Và người dân chạm "Gọi cán bộ hỗ trợ"
    Thì màn hình hiển thị "Đã gửi yêu cầu hỗ trợ"
    Và màn hình hiển thị "Bộ phận Một cửa"
    Và màn hình hiển thị "Cần mang: chính thẻ căn cước này"
    Và màn hình không hiển thị "Gọi cán bộ hỗ trợ"
    Và màn hình hiển thị "Đăng nhập bằng VNeID"

# language: vi
@ho_tro
Tính năng: Cần hỗ trợ: yêu cầu đến tận cán bộ, ki-ốt cho biết khi có người đến
  Nút "Cần hỗ trợ" có trên mọi màn hình. Yêu cầu đi qua hệ thống tỉnh tới bàn hỗ trợ của cán bộ
  (ki-ốt, điểm phục vụ, màn hình, lý do; không có thông tin cá nhân). Ki-ốt chỉ nói "cán bộ đang
  đến" khi đã có cán bộ nhận yêu cầu.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước

  Kịch bản: Cán bộ nhận yêu cầu trên bàn hỗ trợ và ki-ốt báo cán bộ đang đến
    Khi người dân chạm "Cần hỗ trợ"
    Thì bàn hỗ trợ có 1 yêu cầu đang mở từ màn hình "home" của ki-ốt này
    Và màn hình hiển thị "Đang chờ cán bộ nhận yêu cầu"
    Và màn hình không hiển thị "đang đến"
    Khi cán bộ "Chị Lan" nhận yêu cầu trên bàn hỗ trợ
    Và 5 giây trôi qua
    Thì màn hình hiển thị "Cán bộ đã nhận yêu cầu, đang đến (Chị Lan)."
    Và chữ của khung hỗ trợ nằm gọn trong màn hình
    Khi cán bộ đóng yêu cầu trên bàn hỗ trợ
    Và 5 giây trôi qua
    Thì màn hình không hiển thị "Cán bộ đã nhận yêu cầu"
    Và bàn hỗ trợ có 0 yêu cầu đang mở

  Kịch bản: Người dân đang chờ cán bộ thì phiên không bị hết giờ
    Khi người dân chạm "Cần hỗ trợ"
    Và cán bộ "Anh Tuấn" nhận yêu cầu trên bàn hỗ trợ
    Và 200 giây trôi qua
    Thì ki-ốt ở màn hình trang chủ
    Và màn hình hiển thị "Cán bộ đã nhận yêu cầu, đang đến (Anh Tuấn)."

  Kịch bản: Không gửi được yêu cầu thì ki-ốt không hứa có cán bộ đến
    Biết hệ thống tỉnh ngừng hoạt động
    Khi người dân chạm "Cần hỗ trợ"
    Thì màn hình hiển thị "Chưa gửi được yêu cầu hỗ trợ"
    Và màn hình không hiển thị "đang đến"

  Kịch bản: Nút gọi cán bộ trên màn hình lỗi đi cùng đường
    Biết hệ thống tỉnh ngừng hoạt động
    Khi người dân chạm "Thủ tục hành chính"
    Thì ki-ốt ở màn hình lỗi
    Khi hệ thống tỉnh hoạt động trở lại
    Và người dân chạm "Gọi cán bộ hỗ trợ"
    Thì bàn hỗ trợ có 1 yêu cầu đang mở từ màn hình "search" của ki-ốt này
    Và màn hình hiển thị "Đang chờ cán bộ nhận yêu cầu"
